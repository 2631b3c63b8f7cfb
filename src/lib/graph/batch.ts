import { type GraphError, UNEXPECTED_ANSWER_CODE, unexpectedAnswerMessage } from "./graph-error";
import { toGraphError } from "./parse-error";
import { batchEntryShape, batchEnvelopeShape, check } from "./response-shapes";
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

function lowercaseHeaders(headers: Record<string, string | number> | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) result[key.toLowerCase()] = String(value);
  return result;
}

/** A request whose answer was absent or unreadable: status 0, so callers treat it as a lost answer. */
function lostAnswer(id: string, code: string, message: string, requestId: string | null): BatchResponse {
  return {
    id,
    status: MISSING_BATCH_RESPONSE_STATUS,
    headers: requestId === null ? {} : { "request-id": requestId },
    body: { error: { code, message } },
  };
}

/**
 * Matches the inner responses (which may come back in any order) to the requests by id and returns
 * them in request order, with header names in lower case. Each entry is checked on its own: a
 * request whose answer is missing or unreadable gets MISSING_BATCH_RESPONSE_STATUS and an error
 * body saying which (`requestId` is the outer answer's, for support).
 */
export function matchBatchResponses(requests: readonly BatchRequest[], body: unknown, requestId: string | null = null): BatchResponse[] {
  const byId = new Map<string, BatchResponse>();
  const unreadableById = new Map<string, string>();
  const envelope = check(batchEnvelopeShape, body);
  // An unreadable entry with no readable id may be the answer to any request left without one.
  let unplacedProblem = envelope.ok ? null : envelope.problem;
  (envelope.ok ? envelope.value.responses : []).forEach((raw, index) => {
    const entry = check(batchEntryShape, raw, `responses.${index}`);
    if (entry.ok) {
      const { id, status, headers, body: entryBody } = entry.value;
      byId.set(id.toLowerCase(), { id, status, headers: lowercaseHeaders(headers), body: entryBody ?? null });
      return;
    }
    const id = typeof raw === "object" && raw !== null && "id" in raw && typeof raw.id === "string" ? raw.id : null;
    if (id === null) unplacedProblem ??= entry.problem;
    else unreadableById.set(id.toLowerCase(), entry.problem);
  });
  return requests.map((request) => {
    const key = request.id.toLowerCase();
    const problem = unreadableById.get(key) ?? unplacedProblem;
    return (
      byId.get(key) ??
      (problem === null
        ? lostAnswer(request.id, "missingBatchResponse", "The batch response did not include an answer for this request.", requestId)
        : lostAnswer(request.id, UNEXPECTED_ANSWER_CODE, unexpectedAnswerMessage(problem), requestId))
    );
  });
}

/** The inner response as a GraphError when it is not a success, else null. */
export function batchResponseError(response: BatchResponse, nowMs?: number): GraphError | null {
  if (response.status >= 200 && response.status < 300) return null;
  return toGraphError(response.status, response.body, response.headers, nowMs);
}
