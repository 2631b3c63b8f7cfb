import { BATCH_THROTTLED_STATUS, MISSING_BATCH_RESPONSE_STATUS } from "../../lib/graph/batch";
import { GraphError, GraphNetworkError, UNEXPECTED_ANSWER_CODE } from "../../lib/graph/graph-error";
import type { CreateTemporaryAccessPassBody } from "../../lib/graph/types";
import { lifetimeWords, rangeWords } from "../../lib/tap/lifetime-words";

/*
 * Every decision here is keyed on the HTTP status, `error.code` and `innerError.code`, never on
 * Graph's wording (Microsoft may change it, and the emulator's wording is not Graph's). The one
 * exception is reading the two numbers out of the lifetime-range answer. Whether a failed write is
 * resent (throttled / transient / permanent) is decided for every kind of write in
 * src/domain/paced-writes/write-failure.ts; this file holds what a create's failure means in words.
 */

/** The service refused to replace a pass the user already holds (the documented rule says it replaces). */
export function isExistingPassConflict(error: GraphError | GraphNetworkError): boolean {
  return error instanceof GraphError && error.status === 409;
}

const ABSOLUTE_MIN = 10;
const ABSOLUTE_MAX = 43_200;

function sameCode(code: string | null | undefined, wanted: string): boolean {
  return typeof code === "string" && code.toLowerCase() === wanted.toLowerCase();
}

/** 400 badRequest: what Entra answers when a create breaks the TAP policy (lifetime, one-time, scope). */
export function isPolicyBadRequest(error: GraphError | GraphNetworkError): boolean {
  return error instanceof GraphError && error.status === 400 && sameCode(error.code, "badRequest");
}

/**
 * The tenant's lifetime range from Graph's "Invalid LifetimeInMinutes specified. The valid range
 * between {min} and {max}." — read defensively: exactly two whole numbers, both within Graph's
 * absolute range, in order. Anything else gives null (range unknown).
 */
export function parseLifetimeRange(message: string): { min: number; max: number } | null {
  const numbers = message.match(/\d+/g);
  if (!numbers || numbers.length !== 2) return null;
  const [min, max] = numbers.map(Number) as [number, number];
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) return null;
  if (min < ABSOLUTE_MIN || max > ABSOLUTE_MAX || min > max) return null;
  return { min, max };
}

/** The range a 400 badRequest named, when it named one: the answer to a lifetime outside the policy. */
export function lifetimeRangeOf(error: GraphError | GraphNetworkError): { min: number; max: number } | null {
  return error instanceof GraphError && isPolicyBadRequest(error) ? parseLifetimeRange(error.message) : null;
}

/** The lifetime-range refusal in words, with what this row asked when known. */
export function lifetimeRefusalReason(range: { min: number; max: number }, requested: number | undefined): string {
  const asked = requested === undefined ? "" : `; this row asked for ${lifetimeWords(requested)}`;
  return `Entra allows passes of ${rangeWords(range)} in this tenant${asked}.`;
}

const CONDITIONAL_ACCESS =
  "Conditional Access asks more of your sign-in (for example MFA or a compliant device) before Graph accepts this. Sign in again, then retry.";

/** A plain reason for a 403, saying when TAP Desk can't tell which of the possible causes it is. */
function describeForbidden(error: GraphError): string {
  if (error.claimsChallenge || sameCode(error.code, "insufficient_claims") || sameCode(error.innerCode, "insufficient_claims")) {
    return CONDITIONAL_ACCESS;
  }
  // Authorization_RequestDenied (or any other 403) doesn't say which rule refused: list them all.
  return (
    "Entra refused to let you issue a pass to this user. TAP Desk can't tell which rule applies from Graph's answer: " +
    "your role may not cover this user (an Authentication Administrator can't act on most admins; a Privileged " +
    "Authentication Administrator can), the user may be outside the administrative unit your role is limited to, " +
    "the user may be you (no one can issue a pass to themselves), TAP Desk may be missing the admin consent for " +
    "UserAuthMethod-TAP.ReadWrite.All, or Conditional Access may have refused the call."
  );
}

/**
 * A plain-language reason an admin can act on; Graph's code, message and request id are kept beside
 * it. `body` is what was sent, so a refusal can say what this row asked for.
 */
export function describeCreateFailure(error: GraphError | GraphNetworkError, body?: CreateTemporaryAccessPassBody): string {
  if (error instanceof GraphNetworkError) {
    return error.reason === "timeout"
      ? "Microsoft Graph did not answer in time."
      : "The connection to Microsoft Graph failed before an answer arrived.";
  }
  // Our own code for an answer TAP Desk couldn't read: its message already says which field.
  if (error.code === UNEXPECTED_ANSWER_CODE) return error.message;
  if (isPolicyBadRequest(error)) {
    const range = parseLifetimeRange(error.message);
    if (range) return lifetimeRefusalReason(range, body?.lifetimeInMinutes);
    return (
      "Entra refused this pass (400 badRequest). TAP Desk can't tell which rule from Graph's codes: the TAP " +
      "policy may be turned off or not include this user, the user may be an external guest, the tenant may " +
      (body?.isUsableOnce === false ? "require one-time passes (this row asked for multi-use), " : "require one-time passes, ") +
      "or the user may already hold a pass Entra would not replace."
    );
  }
  if (isExistingPassConflict(error)) {
    return "The user already holds a pass that the service would not replace; delete it in Entra, then retry.";
  }
  switch (error.status) {
    case MISSING_BATCH_RESPONSE_STATUS:
      return "Microsoft Graph did not answer for this user.";
    case 401:
      return "Your sign-in is no longer accepted; sign in again, then retry the failed rows.";
    case 403:
      return describeForbidden(error);
    case 404:
      return "User not found.";
    case BATCH_THROTTLED_STATUS:
    case 429:
      return "Microsoft Graph kept throttling requests; retry the failed rows later.";
    default:
      if (error.status >= 500 || error.status === 408) {
        return `Microsoft Graph had a temporary problem (${error.status}); retry the failed rows later.`;
      }
      return `Microsoft Graph refused the request (${error.status} ${error.code}).`;
  }
}
