import { type GraphError } from "./graph-error";
import { toGraphError } from "./parse-error";
import type { BatchRequest, BatchResponse } from "./types";

/** Graph's documented limit of requests per JSON batch. */
export const MAX_BATCH_REQUESTS = 20;

/**
 * Status given to a request whose answer the batch response left out. Nothing says whether it ran,
 * so callers must treat it like a lost response (ambiguous for writes).
 */
export const MISSING_BATCH_RESPONSE_STATUS = 0;

/**
 * An outer answer of 424 to the whole $batch: Graph's throttling guide says a throttled batch can
 * fail this way. Nothing in it ran; treat it like 429 for every inner request and resend them.
 */
export const BATCH_THROTTLED_STATUS = 424;

export class BatchUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BatchUsageError";
  }
}

/** Validates the requests and builds the `{ requests: [...] }` body for POST /$batch. */
export function buildBatchPayload(requests: readonly BatchRequest[]): { requests: BatchRequest[] } {
  if (requests.length === 0) throw new BatchUsageError("A batch needs at least one request.");
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw new BatchUsageError(`A batch may hold at most ${MAX_BATCH_REQUESTS} requests (got ${requests.length}).`);
  }
  const seen = new Set<string>();
  const payload = requests.map((request) => {
    const id = request.id.toLowerCase();
    if (seen.has(id)) throw new BatchUsageError(`Batch request ids must be unique (ignoring case): "${request.id}".`);
    seen.add(id);
    if (!request.url.startsWith("/") || /^\/v1\.0\/|^\/beta\//.test(request.url)) {
      throw new BatchUsageError(`Batch URLs are relative to the version root, e.g. "/users/{id}" (got "${request.url}").`);
    }
    if (request.body === undefined) return request;
    // Graph fails a request that has a body but no Content-Type header.
    const headers = { ...request.headers };
    if (!Object.keys(headers).some((key) => key.toLowerCase() === "content-type")) {
      headers["Content-Type"] = "application/json";
    }
    return { ...request, headers };
  });
  return { requests: payload };
}

function lowercaseHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof headers !== "object" || headers === null) return result;
  for (const [key, value] of Object.entries(headers)) {
    if (typeof value === "string") result[key.toLowerCase()] = value;
    else if (typeof value === "number") result[key.toLowerCase()] = String(value);
  }
  return result;
}

/**
 * Matches the inner responses (which may come back in any order) to the requests by id and returns
 * them in request order, with header names in lower case. A request without an answer gets
 * MISSING_BATCH_RESPONSE_STATUS.
 */
export function matchBatchResponses(requests: readonly BatchRequest[], body: unknown): BatchResponse[] {
  const byId = new Map<string, BatchResponse>();
  const responses =
    typeof body === "object" && body !== null && Array.isArray((body as { responses?: unknown }).responses)
      ? ((body as { responses: unknown[] }).responses)
      : [];
  for (const raw of responses) {
    if (typeof raw !== "object" || raw === null) continue;
    const entry = raw as { id?: unknown; status?: unknown; headers?: unknown; body?: unknown };
    if (typeof entry.id !== "string" || typeof entry.status !== "number") continue;
    byId.set(entry.id.toLowerCase(), {
      id: entry.id,
      status: entry.status,
      headers: lowercaseHeaders(entry.headers),
      body: entry.body ?? null,
    });
  }
  return requests.map(
    (request) =>
      byId.get(request.id.toLowerCase()) ?? {
        id: request.id,
        status: MISSING_BATCH_RESPONSE_STATUS,
        headers: {},
        body: {
          error: { code: "missingBatchResponse", message: "The batch response did not include an answer for this request." },
        },
      },
  );
}

/** The inner response as a GraphError when it is not a success, else null. */
export function batchResponseError(response: BatchResponse, nowMs?: number): GraphError | null {
  if (response.status >= 200 && response.status < 300) return null;
  return toGraphError(response.status, response.body, response.headers, nowMs);
}
