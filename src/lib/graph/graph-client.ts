import { buildBatchPayload, matchBatchResponses } from "./batch";
import { GraphNetworkError, GraphResponseShapeError, ResponseShapeProblem } from "./graph-error";
import { toGraphError } from "./parse-error";
import type { BatchRequest, BatchResponse, BodyReader, GraphClient, GraphRequestOptions } from "./types";

/** Supplies a bearer token; `forceRefresh` bypasses the cache after Graph rejected a token. */
export type AccessTokenProvider = (options?: { forceRefresh?: boolean; extraPermissions?: readonly string[] }) => Promise<string>;

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (no trailing slash needed). */
  baseUrl: string;
  getAccessToken: AccessTokenProvider;
  fetchImpl?: typeof fetch;
  /** Per-request timeout, covering the wait for headers and reading the body. */
  timeoutMs?: number;
  /** Clock for HTTP-date Retry-After values. */
  now?: () => number;
  createRequestId?: () => string;
}

export class GraphUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GraphUrlError";
  }
}

const DEFAULT_TIMEOUT_MS = 60_000;

interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * Resolves a relative path or an absolute `@odata.nextLink` against the base URL. Absolute URLs
 * are accepted only under the base URL, so the bearer token is never sent to another host.
 */
export function resolveGraphUrl(baseUrl: string, path: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    let target: URL;
    let baseParsed: URL;
    try {
      target = new URL(path);
      baseParsed = new URL(base);
    } catch {
      throw new GraphUrlError(`Not a valid URL: ${path}`);
    }
    const basePath = baseParsed.pathname.replace(/\/+$/, "");
    const next = path.charAt(base.length);
    const textuallyUnder = path.startsWith(base) && (next === "" || next === "/" || next === "?");
    const parsedUnder =
      target.origin === baseParsed.origin &&
      target.username === "" &&
      target.password === "" &&
      (target.pathname === basePath || target.pathname.startsWith(`${basePath}/`));
    if (!textuallyUnder || !parsedUnder) {
      throw new GraphUrlError(`Refusing to follow a link outside ${base}.`);
    }
    return target.href;
  }
  if (!path.startsWith("/") || path.startsWith("//")) {
    throw new GraphUrlError(`Graph paths must start with a single "/" (got "${path}").`);
  }
  return `${base}${path}`;
}

function defaultRequestId(): string {
  return globalThis.crypto.randomUUID();
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const fetchImpl = options.fetchImpl ?? globalThis.fetch.bind(globalThis);
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const createRequestId = options.createRequestId ?? defaultRequestId;

  async function sendOnce(url: string, request: GraphRequestOptions, token: string): Promise<RawResponse> {
    const method = request.method ?? "GET";
    const headers: Record<string, string> = {
      Accept: "application/json",
      ...request.headers,
      Authorization: `Bearer ${token}`,
      "client-request-id": createRequestId(),
    };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      if (!Object.keys(headers).some((key) => key.toLowerCase() === "content-type")) {
        headers["Content-Type"] = "application/json";
      }
    }

    const callerSignal = request.signal;
    if (callerSignal?.aborted) {
      throw new GraphNetworkError("The request was cancelled before it was sent.", {
        reason: "aborted",
        ambiguous: false,
        cause: callerSignal.reason,
      });
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs ?? defaultTimeout);
    const onCallerAbort = () => controller.abort();
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });

    try {
      const response = await fetchImpl(url, { method, headers, body, signal: controller.signal });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: parseBody(response, text) };
    } catch (error) {
      if (error instanceof GraphNetworkError) throw error;
      const reason = timedOut ? "timeout" : callerSignal?.aborted ? "aborted" : "network";
      const message =
        reason === "timeout"
          ? "Microsoft Graph did not answer in time."
          : reason === "aborted"
            ? "The request was cancelled."
            : "Microsoft Graph could not be reached.";
      // Once fetch was called the server may have received and run the request.
      throw new GraphNetworkError(message, { reason, ambiguous: true, cause: error });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    }
  }

  function parseBody(response: Response, text: string): unknown {
    if (text === "") return undefined;
    const type = response.headers.get("content-type") ?? "";
    const looksJson = type.includes("json") || /^\s*[[{]/.test(text);
    if (!looksJson) return text;
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      if (response.ok) {
        // A success we cannot read: the request ran, but its result (e.g. a pass value) is lost.
        throw new GraphNetworkError("Microsoft Graph sent a response that could not be read.", {
          reason: "network",
          ambiguous: true,
          cause,
        });
      }
      return text;
    }
  }

  async function send(path: string, request: GraphRequestOptions): Promise<RawResponse> {
    const url = resolveGraphUrl(options.baseUrl, path);
    const extra = request.extraPermissions;
    let response = await sendOnce(url, request, await options.getAccessToken(extra ? { extraPermissions: extra } : undefined));
    if (response.status === 401) {
      // The cached token may have expired or been revoked; one retry with a fresh one, never a loop.
      response = await sendOnce(
        url,
        request,
        await options.getAccessToken({ forceRefresh: true, ...(extra ? { extraPermissions: extra } : {}) }),
      );
    }
    if (response.status < 200 || response.status >= 300) {
      throw toGraphError(response.status, response.body, response.headers, now());
    }
    return response;
  }

  return {
    async request<T>(path: string, { read, ...request }: GraphRequestOptions & { read: BodyReader<T> }): Promise<T> {
      const response = await send(path, request);
      try {
        return read(response.body);
      } catch (error) {
        if (!(error instanceof ResponseShapeProblem)) throw error;
        throw new GraphResponseShapeError({
          status: response.status,
          problem: error.problem,
          requestId: response.headers.get("request-id"),
        });
      }
    },
    async batch(requests: BatchRequest[], batchOptions = {}): Promise<BatchResponse[]> {
      const payload = buildBatchPayload(requests);
      const response = await send("/$batch", { method: "POST", body: payload, ...batchOptions });
      return matchBatchResponses(requests, response.body, response.headers.get("request-id"));
    },
  };
}
