import { pickFault, sampleLatency } from "../knobs.ts";
import type { FaultKind } from "../knobs.ts";
import type { TenantState } from "../state.ts";
import { sleep } from "../http-util.ts";
import { authenticate, graphError, newRequestIds, unauthorized } from "./context.ts";
import type { AuthOutcome, GraphCall, GraphContext, GraphReply, ServerInfo } from "./context.ts";
import { matchRoute } from "./router.ts";

export interface GraphRunResult {
  reply: GraphReply;
  /** Tenant the request was attributed to (for logging and CORS knobs), if any. */
  tenant: TenantState | null;
}

/** Runs the batch route; injected to avoid a module cycle between pipeline and batch. */
export type BatchRunner = (ctx: GraphContext, auth: AuthOutcome & { ok: true }) => Promise<GraphReply>;

type Ids = { requestId: string; clientRequestId: string };

function decodeSegments(path: string): string[] | null {
  const raw = path.split("/").filter((s, i) => !(i === 0 && s === ""));
  if (raw.length > 0 && raw[raw.length - 1] === "") raw.pop();
  try {
    return raw.map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

function faultReply(kind: Exclude<FaultKind, "reset" | "commitThenDrop">, ids: Ids, tenant: TenantState): GraphReply {
  switch (kind) {
    case "429": {
      const seconds = (Math.round((0.5 + tenant.prng.next() * 2.5) * 1000) / 1000).toString();
      return graphError(429, "TooManyRequests", "Please retry again later.", ids, {
        headers: { "Retry-After": seconds },
        inner: { code: "429", status: "429", message: "Please retry after" },
      });
    }
    case "500":
      return graphError(500, "generalException", "General exception while processing.", ids);
    case "502":
      return {
        status: 502,
        headers: {},
        text: {
          contentType: "text/html",
          content: "<html><body><h1>502 Bad Gateway</h1><p>The gateway did not receive a timely response (emulated).</p></body></html>",
        },
        fault: "502",
      };
    case "503":
      return graphError(503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry later.", ids, {
        headers: { "Retry-After": "2" },
      });
    case "504":
      return graphError(504, "UnknownError", "The gateway timed out waiting for the backend (emulated).", ids);
  }
}

/**
 * One Graph request end to end: token → route → latency → write quota → faults → handler.
 * Used for direct requests and for each request inside a $batch (with the batch's auth).
 */
export async function runGraphCall(
  server: ServerInfo,
  call: GraphCall,
  runBatch: BatchRunner,
  preAuth?: AuthOutcome,
): Promise<GraphRunResult> {
  const ids = newRequestIds(call.headers);
  const now = Date.now();
  const auth = preAuth ?? authenticate(server, call.headers.authorization, now);
  if (!auth.ok) return { reply: unauthorized(auth.message, ids), tenant: auth.tenant };
  const tenant = auth.tenant;
  const queryStart = call.target.indexOf("?");
  const path = queryStart === -1 ? call.target : call.target.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? "" : call.target.slice(queryStart + 1));
  const segments = decodeSegments(path);
  if (segments === null)
    return { reply: graphError(400, "Request_BadRequest", "Invalid percent-encoding in the request URL.", ids), tenant };
  if (segments.length === 0) return { reply: graphError(400, "BadRequest", "Resource not found for the segment ''.", ids), tenant };
  const route = matchRoute(call.method, segments, ids);
  if ("status" in route) return { reply: route, tenant };

  const ctx: GraphContext = { server, tenant, principal: auth.principal, call, segments, query, now, ...ids };
  if (route.kind === "batch") {
    if (call.inBatch) return { reply: graphError(400, "BadRequest", "Nested $batch requests are not supported.", ids), tenant };
    return { reply: await runBatch(ctx, auth), tenant };
  }

  const knobs = tenant.knobs;
  const median = route.kind === "write" ? knobs.latency.writeMs : knobs.latency.readMs;
  await sleep(sampleLatency(median, knobs.latency.spread, tenant.prng));
  ctx.now = Date.now();

  if (route.kind === "write") {
    const taken = tenant.takeWrite(auth.principal.appId, ctx.now);
    if (!taken.ok) {
      return {
        reply: graphError(429, "TooManyRequests", "Please retry again later.", ids, {
          headers: { "Retry-After": String(taken.retryAfterSeconds) },
          inner: { code: "429", status: "429", message: "Please retry after" },
        }),
        tenant,
      };
    }
  }

  const eligible = route.tapWrite || (call.method === "GET" && knobs.faults.reads);
  const fault = eligible ? pickFault(knobs.faults, tenant.prng) : null;
  if (fault === "reset") return { reply: { status: 0, headers: {}, drop: "reset", fault }, tenant };
  if (fault !== null && fault !== "commitThenDrop") return { reply: { ...faultReply(fault, ids, tenant), fault }, tenant };

  const reply = await route.handle(ctx);
  if (fault === "commitThenDrop") return { reply: { ...reply, drop: "afterCommit", fault }, tenant };
  return { reply, tenant };
}
