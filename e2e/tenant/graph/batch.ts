import { sleep } from "../http-util.ts";
import { shuffled } from "../prng.ts";
import { graphContentType, graphError } from "./context.ts";
import type { AuthOutcome, GraphCall, GraphContext, GraphReply } from "./context.ts";
import { runGraphCall } from "./pipeline.ts";

interface InnerRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  hasHeaders: boolean;
  body: unknown;
  dependsOn: string[];
}

interface InnerResult {
  id: string;
  reply: GraphReply;
}

const maxRequests = 20;
const allowedMethods = new Set(["GET", "POST", "PATCH", "PUT", "DELETE"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Validates the whole payload; a structural problem fails the batch with one 400. */
function parseBatch(body: unknown): InnerRequest[] | string {
  if (!isRecord(body) || !Array.isArray(body.requests)) return "Invalid batch payload format: expected an object with a 'requests' array.";
  const list = body.requests as unknown[];
  if (list.length === 0) return "Invalid batch payload format: 'requests' must not be empty.";
  if (list.length > maxRequests)
    return `Too many requests in the batch: ${list.length}. A batch can contain at most ${maxRequests} requests.`;
  const seen = new Set<string>();
  const requests: InnerRequest[] = [];
  for (const [index, raw] of list.entries()) {
    if (!isRecord(raw)) return `Invalid batch payload format: request at index ${index} is not an object.`;
    for (const prop of ["id", "method", "url"] as const) {
      if (typeof raw[prop] !== "string" || (raw[prop] as string).trim() === "") {
        return `Invalid batch payload format: request at index ${index} is missing the required property '${prop}'.`;
      }
    }
    const id = raw.id as string;
    if (seen.has(id.toLowerCase())) return `Batch request contains a duplicate request id '${id}'. Request ids must be unique.`;
    seen.add(id.toLowerCase());
    const headers: Record<string, string> = {};
    if (raw.headers !== undefined) {
      if (!isRecord(raw.headers)) return `Invalid batch payload format: headers of request '${id}' must be an object.`;
      for (const [k, v] of Object.entries(raw.headers)) headers[k.toLowerCase()] = String(v);
    }
    let dependsOn: string[] = [];
    if (raw.dependsOn !== undefined) {
      if (!Array.isArray(raw.dependsOn) || !raw.dependsOn.every((d): d is string => typeof d === "string")) {
        return `Invalid batch payload format: dependsOn of request '${id}' must be an array of request ids.`;
      }
      dependsOn = raw.dependsOn;
    }
    requests.push({
      id,
      method: (raw.method as string).toUpperCase(),
      url: raw.url as string,
      headers,
      hasHeaders: raw.headers !== undefined,
      body: raw.body,
      dependsOn,
    });
  }
  const byId = new Map(requests.map((r) => [r.id.toLowerCase(), r]));
  for (const r of requests) {
    for (const dep of r.dependsOn) {
      if (!byId.has(dep.toLowerCase())) return `Request '${r.id}' depends on unknown request id '${dep}'.`;
    }
  }
  const state = new Map<string, "visiting" | "done">();
  const cyclic = (r: InnerRequest): boolean => {
    const key = r.id.toLowerCase();
    if (state.get(key) === "done") return false;
    if (state.get(key) === "visiting") return true;
    state.set(key, "visiting");
    const found = r.dependsOn.some((d) => cyclic(byId.get(d.toLowerCase()) as InnerRequest));
    state.set(key, "done");
    return found;
  };
  if (requests.some(cyclic)) return "The dependsOn graph of the batch contains a cycle.";
  return requests;
}

function innerHeaders(reply: GraphReply): Record<string, string> {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body !== undefined) headers["Content-Type"] = graphContentType;
  else if (reply.text) headers["Content-Type"] = reply.text.contentType;
  return headers;
}

/**
 * JSON batching as documented: ≤ 20 requests, each evaluated on its own (auth scopes, quota,
 * faults, latency), dependsOn sequencing with 424, answers in shuffled order, outer 200.
 * Cost (knobs.batch, undocumented by Graph): `overheadMs` once, then the inner requests all at once
 * (the batch takes as long as its slowest) or, `serial`, one after another (as long as their sum).
 */
export async function runBatch(ctx: GraphContext, auth: AuthOutcome & { ok: true }): Promise<GraphReply> {
  const parsed = parseBatch(ctx.call.body);
  if (typeof parsed === "string") return graphError(400, "BadRequest", parsed, ctx);
  const byId = new Map(parsed.map((r) => [r.id.toLowerCase(), r]));
  const running = new Map<string, Promise<InnerResult>>();

  const execute = async (r: InnerRequest): Promise<InnerResult> => {
    const deps = await Promise.all(r.dependsOn.map((d) => run(byId.get(d.toLowerCase()) as InnerRequest)));
    const ids = { requestId: ctx.requestId, clientRequestId: r.headers["client-request-id"] ?? ctx.clientRequestId };
    const record = (reply: GraphReply): InnerResult => {
      ctx.server.record(ctx.tenant, {
        method: r.method,
        url: r.url,
        status: reply.status,
        inBatch: true,
        userAgentIsBrowser: /Mozilla\//.test(ctx.call.headers["user-agent"] ?? ""),
        ...(reply.fault ? { fault: reply.fault } : {}),
      });
      return { id: r.id, reply };
    };
    if (deps.some((d) => d.reply.status >= 400 || d.reply.status === 0)) {
      return record(graphError(424, "FailedDependency", `The request depends on a request that failed.`, ids));
    }
    if (!allowedMethods.has(r.method)) {
      return record(graphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.", ids));
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(r.url)) {
      return record(
        graphError(400, "BadRequest", "Invalid request URL: requests in a batch must use a URL relative to the version, e.g. /users.", ids),
      );
    }
    if (r.body !== undefined && !r.headers["content-type"]) {
      return record(graphError(400, "BadRequest", `Write request id : ${r.id} does not contain Content-Type header or body.`, ids));
    }
    const call: GraphCall = {
      method: r.method,
      target: r.url.startsWith("/") ? r.url : `/${r.url}`,
      headers: {
        ...r.headers,
        authorization: ctx.call.headers.authorization ?? "",
        "user-agent": ctx.call.headers["user-agent"] ?? "",
        "client-request-id": ids.clientRequestId,
      },
      body: r.body,
      inBatch: true,
    };
    const result = await runGraphCall(ctx.server, call, runBatch, auth);
    return record(result.reply);
  };
  const run = (r: InnerRequest): Promise<InnerResult> => {
    const key = r.id.toLowerCase();
    let promise = running.get(key);
    if (!promise) {
      promise = execute(r);
      running.set(key, promise);
    }
    return promise;
  };

  const { overheadMs, serial } = ctx.tenant.knobs.batch;
  await sleep(overheadMs);
  let results: InnerResult[];
  if (serial) {
    results = [];
    for (const r of parsed) results.push(await run(r));
  } else results = await Promise.all(parsed.map(run));
  const drops = results.filter((r) => r.reply.drop !== undefined);
  if (drops.length > 0) {
    const committed = drops.some((d) => d.reply.drop === "afterCommit");
    return { status: 0, headers: {}, drop: committed ? "afterCommit" : "reset", fault: committed ? "commitThenDrop" : "reset" };
  }
  const responses = shuffled(results, ctx.tenant.prng).map(({ id, reply }) => {
    const response: Record<string, unknown> = { id, status: reply.status, headers: innerHeaders(reply) };
    if (reply.body !== undefined) response.body = reply.body;
    else if (reply.text) response.body = reply.text.content;
    return response;
  });
  return { status: 200, headers: {}, body: { responses } };
}
