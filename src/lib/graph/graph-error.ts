/**
 * Every non-2xx Graph answer (direct or inside $batch) becomes a GraphError, so callers branch on
 * `status`/`code` and show `message` with the `requestId` an admin can quote to Microsoft support.
 */
export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  /** Seconds to wait before retrying, when the service said so (Retry-After). */
  readonly retryAfter: number | null;

  constructor(init: { status: number; code: string; message: string; requestId?: string | null; retryAfter?: number | null }) {
    super(init.message);
    this.name = "GraphError";
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId ?? null;
    this.retryAfter = init.retryAfter ?? null;
  }
}

/** The request never got an HTTP answer (offline, reset, CORS, timeout): it may or may not have run. */
export class GraphNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GraphNetworkError";
  }
}
