import { MISSING_BATCH_RESPONSE_STATUS } from "../../lib/graph/batch";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";

/**
 * How the engine treats one failed create:
 * - `throttled`: the service refused it for now (429); nothing was created; wait and resend.
 * - `transient`: worth resending; `ambiguous` when the pass may have been created anyway.
 * - `permanent`: resending cannot help (bad input, policy, permissions, missing user).
 */
export type FailureClass =
  | { kind: "throttled"; retryAfterSeconds: number | null }
  | { kind: "transient"; ambiguous: boolean }
  | { kind: "permanent" };

export function classifyCreateFailure(error: GraphError | GraphNetworkError): FailureClass {
  if (error instanceof GraphNetworkError) return { kind: "transient", ambiguous: error.ambiguous };
  if (error.status === 429) return { kind: "throttled", retryAfterSeconds: error.retryAfter };
  // A lost answer or a server/gateway failure: the create may have committed before it broke.
  if (error.status === MISSING_BATCH_RESPONSE_STATUS || error.status === 408 || error.status >= 500) {
    return { kind: "transient", ambiguous: true };
  }
  return { kind: "permanent" };
}

/** The service refused to replace a pass the user already holds (documented rule says it replaces). */
export function isExistingPassConflict(error: GraphError | GraphNetworkError): boolean {
  return error instanceof GraphError && (error.status === 409 || /already exists/i.test(error.message));
}

const LIFETIME_RANGE = /between\s+(\d+)\s+and\s+(\d+)/i;

/** A plain-language reason an admin can act on; Graph's code and message are kept beside it. */
export function describeCreateFailure(error: GraphError | GraphNetworkError): string {
  if (error instanceof GraphNetworkError) {
    return error.reason === "timeout"
      ? "Microsoft Graph did not answer in time."
      : "The connection to Microsoft Graph failed before an answer arrived.";
  }
  const message = error.message;
  if (/LifetimeInMinutes/i.test(message)) {
    const range = LIFETIME_RANGE.exec(message);
    return range
      ? `Lifetime outside the tenant's policy (${range[1]}–${range[2]} minutes).`
      : "Lifetime outside the tenant's policy.";
  }
  if (/UserCredentialPolicy|does not allow creating or updating this authentication method/i.test(message)) {
    return "The TAP policy is disabled or doesn't include this user.";
  }
  if (/external guest/i.test(message)) return "External guests can't receive a pass.";
  if (isExistingPassConflict(error)) {
    return "The user already holds a pass that the service would not replace; delete it in Entra, then retry.";
  }
  if (/isUsableOnce|one-time|usable once/i.test(message)) {
    return "The tenant's policy allows only one-time passes; issue a one-time pass.";
  }
  switch (error.status) {
    case MISSING_BATCH_RESPONSE_STATUS:
      return "Microsoft Graph did not answer for this user.";
    case 401:
      return "Your sign-in is no longer accepted; sign in again, then retry the failed rows.";
    case 403:
      return "Your role can't issue passes for this user (needs Privileged Authentication Administrator).";
    case 404:
      return "User not found.";
    case 429:
      return "Microsoft Graph kept throttling requests; retry the failed rows later.";
    default:
      if (error.status >= 500 || error.status === 408) {
        return `Microsoft Graph had a temporary problem (${error.status}); retry the failed rows later.`;
      }
      return `Microsoft Graph refused the request (${error.status} ${error.code}).`;
  }
}

/** For errors that are neither GraphError nor GraphNetworkError (e.g. token acquisition). */
export function toKnownError(error: unknown): GraphError | GraphNetworkError | null {
  return error instanceof GraphError || error instanceof GraphNetworkError ? error : null;
}
