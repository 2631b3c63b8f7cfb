import { BATCH_THROTTLED_STATUS, MISSING_BATCH_RESPONSE_STATUS } from "../../lib/graph/batch";
import { GraphError, GraphNetworkError, UNEXPECTED_ANSWER_CODE } from "../../lib/graph/graph-error";
import type { GraphAnswerDetails, RevokeOutcome } from "./revoke-types";

/** Plain words for a failed check or removal; keyed on status and codes, never on Graph's wording. */
export function describeRemoveFailure(error: GraphError | GraphNetworkError, stage: "check" | "delete"): string {
  if (error instanceof GraphNetworkError) {
    return error.reason === "timeout"
      ? "Microsoft Graph did not answer in time."
      : "The connection to Microsoft Graph failed before an answer arrived.";
  }
  if (error.code === UNEXPECTED_ANSWER_CODE) return error.message;
  switch (error.status) {
    case MISSING_BATCH_RESPONSE_STATUS:
      return "Microsoft Graph did not answer for this user.";
    case 401:
      return "Your sign-in is no longer accepted; sign in again, then remove the rest.";
    case 403:
      return (
        "Entra refused to let you remove this user's pass. Your role may not cover this user (an Authentication " +
        "Administrator can't act on most admins), the user may be outside your administrative unit, or Conditional Access refused the call."
      );
    case 404:
      return stage === "check" ? "User not found." : "The pass is no longer there.";
    case BATCH_THROTTLED_STATUS:
    case 429:
      return "Microsoft Graph kept throttling requests; try removing the rest later.";
    default:
      if (error.status >= 500 || error.status === 408) return `Microsoft Graph had a temporary problem (${error.status}).`;
      return `Microsoft Graph refused the request (${error.status} ${error.code}).`;
  }
}

export function graphDetails(error: GraphError | GraphNetworkError): GraphAnswerDetails {
  if (!(error instanceof GraphError)) return {};
  return { status: error.status, code: error.code, innerCode: error.innerCode, requestId: error.requestId, graphMessage: error.message };
}

export const REVOKE_OUTCOME_LABEL: Record<RevokeOutcome["kind"], string> = {
  removed: "Removed",
  replaced: "Already replaced",
  failed: "Not removed",
};
