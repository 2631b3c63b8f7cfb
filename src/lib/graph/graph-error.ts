/**
 * Every non-2xx Graph answer (direct or inside $batch) becomes a GraphError, so callers branch on
 * `status`/`code` and show `message` with the `requestId` an admin can quote to Microsoft support.
 */
export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  /** Seconds to wait before retrying, when the service said so (Retry-After) and we could read it. */
  readonly retryAfter: number | null;
  /** A more specific code nested in `innerError`, when Graph sent one (e.g. "429"). */
  readonly innerCode: string | null;
  /**
   * The answer carried a WWW-Authenticate claims challenge: Conditional Access wants more from the
   * sign-in (e.g. MFA) before it accepts the call.
   */
  readonly claimsChallenge: boolean;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    requestId?: string | null;
    retryAfter?: number | null;
    innerCode?: string | null;
    claimsChallenge?: boolean;
  }) {
    super(init.message);
    this.name = "GraphError";
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId ?? null;
    this.retryAfter = init.retryAfter ?? null;
    this.innerCode = init.innerCode ?? null;
    this.claimsChallenge = init.claimsChallenge ?? false;
  }
}

export type GraphNetworkFailure = "network" | "timeout" | "aborted";

/** The request never got an HTTP answer (offline, reset, CORS, timeout): it may or may not have run. */
export class GraphNetworkError extends Error {
  /** Why no answer arrived: a transport failure, our timeout, or the caller's AbortSignal. */
  readonly reason: GraphNetworkFailure;
  /**
   * True when the request had been handed to the network, so the server may have run it. Callers
   * that POST must then assume the write may have happened (e.g. a pass was created but never seen).
   */
  readonly ambiguous: boolean;

  constructor(message: string, options?: { cause?: unknown; reason?: GraphNetworkFailure; ambiguous?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "GraphNetworkError";
    this.reason = options?.reason ?? "network";
    // Default to the cautious answer: unless told otherwise, the request may have run.
    this.ambiguous = options?.ambiguous ?? true;
  }
}

/** Code of a GraphResponseShapeError (ours, not Graph's): the answer came but did not fit its shape. */
export const UNEXPECTED_ANSWER_CODE = "unexpectedAnswer";

export function unexpectedAnswerMessage(problem: string): string {
  return `Microsoft Graph sent an answer TAP Desk couldn't read (${problem}).`;
}

/**
 * A success answer whose body is not the shape TAP Desk reads (a missing id, a wrong type). It is a
 * GraphError so it carries the status and request id an admin can quote, but nothing in it was read.
 */
export class GraphResponseShapeError extends GraphError {
  /** Which field did not fit and how, e.g. "value.0.id: expected string, got nothing". */
  readonly problem: string;

  constructor(init: { status: number; problem: string; requestId?: string | null }) {
    super({
      status: init.status,
      code: UNEXPECTED_ANSWER_CODE,
      message: unexpectedAnswerMessage(init.problem),
      requestId: init.requestId ?? null,
    });
    this.name = "GraphResponseShapeError";
    this.problem = init.problem;
  }
}

/** Thrown by a BodyReader; the client adds the status and request id and rethrows a GraphResponseShapeError. */
export class ResponseShapeProblem extends Error {
  constructor(readonly problem: string) {
    super(unexpectedAnswerMessage(problem));
    this.name = "ResponseShapeProblem";
  }
}
