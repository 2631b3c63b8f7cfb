import { createServer } from "node:http";
import { createSecureServer } from "node:http2";
import type { AddressInfo, Server, Socket } from "node:net";
import { handleAuthority } from "./authority.ts";
import { handleControl, runtimeConfigFor } from "./control.ts";
import { BodyTooLargeError, corsHeaders, headerMap, jsonReply, preflightHeaders, readBody, writeReply } from "./http-util.ts";
import type { AnyRequest, AnyResponse, HttpReply } from "./http-util.ts";
import { hasConnectionFaults } from "./knobs.ts";
import { defaultClientId, defaultTenantId, RequestLog, TenantState } from "./state.ts";
import type { LogEntry, TenantOptions } from "./state.ts";
import { runBatch } from "./graph/batch.ts";
import { graphContentType, graphError, newRequestIds } from "./graph/context.ts";
import type { GraphCall, ServerInfo } from "./graph/context.ts";
import { runGraphCall } from "./graph/pipeline.ts";

export interface TenantServerOptions {
  /** 0 = any free port. Default: TENANT_PORT or 4010. */
  port?: number;
  /** Options for the default tenant (fixed ids); null = start without one. */
  defaultTenant?: Omit<TenantOptions, "tenantId" | "clientId"> | null;
  /** The app origin registered on tenants created without their own (default http://localhost:5173). */
  appOrigin?: string;
  /**
   * Serve HTTPS with this key and certificate, HTTP/2 negotiated (HTTP/1.1 still accepted), as Graph
   * and Entra are served. Browsers speak HTTP/2 only over TLS; over plain HTTP/1.1 Chromium opens at
   * most 6 connections to the emulator, which caps requests in flight below what the service allows.
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface TenantServer {
  /** http://localhost:{port} (https with `tls`) */
  url: string;
  port: number;
  tenants: Map<string, TenantState>;
  defaultTenant: TenantState | null;
  createTenant(options?: TenantOptions): TenantState;
  configFor(tenant: TenantState): Record<string, unknown>;
  /** Registers this app origin on tenants created from now on (for an app whose port is known only later). */
  setAppOrigin(origin: string): void;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string, ipv6Only: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once("error", onError);
    server.listen({ port, host, ipv6Only }, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    // HTTP/1.1 servers drop their idle keep-alive sockets; HTTP/2 sessions close with the server.
    if ("closeAllConnections" in server && typeof server.closeAllConnections === "function") server.closeAllConnections();
  });
}

const isBrowser = (headers: Record<string, string>): boolean => /Mozilla\//.test(headers["user-agent"] ?? "");

/** Starts the emulated tenant on 127.0.0.1 and ::1 (same port). */
export async function startTenantServer(options: TenantServerOptions = {}): Promise<TenantServer> {
  const tenants = new Map<string, TenantState>();
  const globalLog = new RequestLog();
  let port = options.port ?? Number(process.env.TENANT_PORT ?? 4010);
  let baseUrl = "";

  const record = (tenant: TenantState | null, entry: Omit<LogEntry, "seq" | "time">): void => {
    const withTenant = tenant ? { ...entry, tenantId: tenant.tenantId } : entry;
    tenant?.log.add(entry);
    globalLog.add(withTenant);
  };
  const info: ServerInfo = {
    get baseUrl() {
      return baseUrl;
    },
    tenants,
    record,
  };
  let appOrigin = options.appOrigin;
  const createTenant = (tenantOptions: TenantOptions = {}): TenantState => {
    const tenant = new TenantState({ ...(appOrigin ? { appOrigin } : {}), ...tenantOptions });
    tenants.set(tenant.tenantId, tenant);
    return tenant;
  };
  const anyConnectionFaults = (): boolean => [...tenants.values()].some((t) => hasConnectionFaults(t.knobs));

  const handleGraph = async (
    req: AnyRequest,
    headers: Record<string, string>,
    target: string,
    rawBody: string,
  ): Promise<{ reply: HttpReply; tenant: TenantState | null; fault?: string }> => {
    let body: unknown;
    let invalidJson = false;
    if (rawBody.trim() !== "") {
      try {
        body = JSON.parse(rawBody);
      } catch {
        invalidJson = true;
      }
    }
    const call: GraphCall = { method: (req.method ?? "GET").toUpperCase(), target, headers, body, inBatch: false };
    const result = invalidJson
      ? {
          reply: graphError(
            400,
            "BadRequest",
            "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
            newRequestIds(headers),
          ),
          tenant: null,
        }
      : await runGraphCall(info, call, runBatch);
    const { reply } = result;
    if (reply.drop) return { reply: { status: 0, headers: {}, drop: true }, tenant: result.tenant, fault: reply.fault ?? "reset" };
    const innerError = (reply.body as { error?: { innerError?: Record<string, string> } } | undefined)?.error?.innerError;
    const ids = innerError
      ? { requestId: innerError["request-id"] ?? "", clientRequestId: innerError["client-request-id"] ?? "" }
      : newRequestIds(headers);
    const out: Record<string, string> = {
      "request-id": ids.requestId,
      "client-request-id": ids.clientRequestId,
      "x-ms-ags-diagnostic": JSON.stringify({
        ServerInfo: { DataCenter: "Emulated", Slice: "E", Ring: "0", ScaleUnit: "000", RoleInstance: "emulated-tenant" },
      }),
      "Cache-Control": "no-cache",
      ...reply.headers,
    };
    if (reply.body !== undefined)
      return {
        reply: { status: reply.status, headers: { ...out, "Content-Type": graphContentType }, body: JSON.stringify(reply.body) },
        tenant: result.tenant,
        ...(reply.fault ? { fault: reply.fault } : {}),
      };
    if (reply.text)
      return {
        reply: { status: reply.status, headers: { ...out, "Content-Type": reply.text.contentType }, body: reply.text.content },
        tenant: result.tenant,
        ...(reply.fault ? { fault: reply.fault } : {}),
      };
    return { reply: { status: reply.status, headers: out, body: "" }, tenant: result.tenant };
  };

  const handle = async (req: AnyRequest, res: AnyResponse): Promise<void> => {
    const headers = headerMap(req);
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = req.url ?? "/";
    const queryStart = rawUrl.indexOf("?");
    const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
    const query = new URLSearchParams(queryStart === -1 ? "" : rawUrl.slice(queryStart + 1));
    const segments = path.split("/").slice(1);
    const base: Record<string, string> = anyConnectionFaults() && req.httpVersionMajor < 2 ? { Connection: "close" } : {};
    const origin = headers.origin;

    if (method === "OPTIONS") {
      record(null, { method, url: rawUrl, status: 204, inBatch: false, userAgentIsBrowser: isBrowser(headers) });
      writeReply(res, { status: 204, headers: preflightHeaders(origin, headers["access-control-request-headers"]) }, base);
      return;
    }
    let rawBody = "";
    try {
      rawBody = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        writeReply(res, jsonReply(413, { error: { code: "RequestEntityTooLarge", message: "The request body is too large." } }), {
          ...base,
          ...corsHeaders(origin, false),
        });
        return;
      }
      throw error;
    }

    if (segments[0] === "_emulator") {
      let body: unknown;
      if (rawBody.trim() !== "") {
        try {
          body = JSON.parse(rawBody);
        } catch {
          writeReply(res, jsonReply(400, { error: "body is not valid JSON" }), { ...base, ...corsHeaders(origin ?? "*", false) });
          return;
        }
      }
      const reply = handleControl(
        method,
        segments
          .slice(1)
          .map(decodeURIComponent)
          .filter((s) => s !== ""),
        query,
        body,
        {
          baseUrl,
          port,
          scheme,
          tenants,
          globalLog,
          createTenant,
        },
      );
      writeReply(res, reply, { ...base, ...corsHeaders(origin ?? "*", false) });
      return;
    }

    if (segments[0] === "v1.0") {
      const target = rawUrl.slice("/v1.0".length) || "/";
      const { reply, tenant, fault } = await handleGraph(req, headers, target, rawBody);
      record(tenant, {
        method,
        url: rawUrl,
        status: reply.drop ? 0 : reply.status,
        inBatch: false,
        userAgentIsBrowser: isBrowser(headers),
        ...(fault ? { fault } : {}),
      });
      writeReply(res, reply, { ...base, ...corsHeaders(origin, tenant?.knobs.exposeRetryAfter ?? false) });
      return;
    }

    if (segments.length >= 3 && segments[0]) {
      const tenantSegment = decodeURIComponent(segments[0]);
      const reply = handleAuthority(
        { method, rest: segments.slice(1), tenantSegment, query, headers, body: rawBody },
        { baseUrl, tenants },
      );
      const tenant = tenants.get(tenantSegment.toLowerCase()) ?? null;
      record(tenant, { method, url: path, status: reply.status, inBatch: false, userAgentIsBrowser: isBrowser(headers) });
      writeReply(res, reply, { ...base, ...corsHeaders(origin, tenant?.knobs.exposeRetryAfter ?? false) });
      return;
    }
    writeReply(res, jsonReply(404, { error: "not_found", message: `Nothing is served at ${path} by the emulated tenant.` }), {
      ...base,
      ...corsHeaders(origin, false),
    });
  };

  const handler = (req: AnyRequest, res: AnyResponse): void => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (!res.headersSent) {
        writeReply(res, jsonReply(500, { error: { code: "EmulatorBug", message } }), corsHeaders(req.headers.origin, false));
      } else if ("stream" in res) res.stream.close();
      else res.destroy();
    });
  };

  const tls = options.tls;
  const scheme = tls ? "https" : "http";
  // TLS connections (HTTP/2 sessions idle indefinitely) are ended when the server closes.
  const tlsSockets = new Set<Socket>();
  const makeServer = (): Server => {
    if (tls) {
      const server = createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true }, handler);
      server.on("secureConnection", (socket: Socket) => {
        tlsSockets.add(socket);
        socket.once("close", () => tlsSockets.delete(socket));
      });
      return server;
    }
    const server = createServer(handler);
    server.keepAliveTimeout = 5000;
    return server;
  };
  const v4 = makeServer();
  const v6 = makeServer();
  for (let attempt = 0; ; attempt++) {
    const actual = await listen(v4, port, "127.0.0.1", false);
    try {
      await listen(v6, actual, "::1", true);
      port = actual;
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRNOTAVAIL" || code === "EAFNOSUPPORT") {
        port = actual;
        break;
      }
      await closeServer(v4);
      if (options.port !== 0 || attempt >= 5) throw error;
    }
  }
  baseUrl = `${scheme}://localhost:${port}`;

  let defaultTenant: TenantState | null = null;
  if (options.defaultTenant !== null) {
    defaultTenant = createTenant({ ...(options.defaultTenant ?? {}), tenantId: defaultTenantId, clientId: defaultClientId });
  }

  return {
    url: baseUrl,
    port,
    tenants,
    defaultTenant,
    createTenant,
    configFor: (tenant) => runtimeConfigFor(port, tenant, scheme),
    setAppOrigin: (origin) => {
      appOrigin = new URL(origin).origin;
    },
    close: async () => {
      const closing = Promise.all([closeServer(v4), closeServer(v6)]);
      for (const socket of tlsSockets) socket.destroy();
      await closing;
    },
  };
}
