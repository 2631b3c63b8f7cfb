import { BATCH_THROTTLED_STATUS, MISSING_BATCH_RESPONSE_STATUS } from "../../lib/graph/batch";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";

/*
 * Keyed on the HTTP status only, never on Graph's wording. Shared by every paced write (issuing a
 * pass, removing one): what the failure means to the admin stays with the feature that wrote.
 */

/**
 * How the writer treats one failed write (a create or a delete):
 * - `throttled`: the service refused it for now (429, or an outer $batch 424); nothing was written; wait and resend.
 * - `transient`: worth resending; `ambiguous` when the write may have happened anyway.
 * - `permanent`: resending cannot help (bad input, policy, permissions, missing user or pass).
 */
export type FailureClass =
  { kind: "throttled"; retryAfterSeconds: number | null } | { kind: "transient"; ambiguous: boolean } | { kind: "permanent" };

export function classifyWriteFailure(error: GraphError | GraphNetworkError): FailureClass {
  if (error instanceof GraphNetworkError) return { kind: "transient", ambiguous: error.ambiguous };
  // 424: Graph's throttling guide says a throttled batch can fail whole with 424 (we send no dependsOn).
  if (error.status === 429 || error.status === BATCH_THROTTLED_STATUS) return { kind: "throttled", retryAfterSeconds: error.retryAfter };
  // A lost answer or a server/gateway failure: the write may have committed before it broke.
  if (error.status === MISSING_BATCH_RESPONSE_STATUS || error.status === 408 || error.status >= 500) {
    return { kind: "transient", ambiguous: true };
  }
  return { kind: "permanent" };
}

export type KnownError = GraphError | GraphNetworkError;

/** For errors that are neither GraphError nor GraphNetworkError (e.g. token acquisition). */
export function toKnownError(error: unknown): GraphError | GraphNetworkError | null {
  return error instanceof GraphError || error instanceof GraphNetworkError ? error : null;
}
