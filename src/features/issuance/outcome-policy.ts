import { GraphError, type GraphNetworkError } from "../../lib/graph/graph-error";
import type { CreatedTemporaryAccessPass } from "../../lib/graph/response-shapes";
import type { CreateTemporaryAccessPassBody } from "../../lib/graph/types";
import type { IssuedPass, LearnedPolicy, PolicyRefusal, RowOutcome } from "../../lib/tap/run-types";
import { isExistingPassConflict, isPolicyBadRequest, lifetimeRangeOf, lifetimeRefusalReason, parseLifetimeRange } from "./classify-failure";
import type { IssueTarget } from "./issuance-types";

/*
 * What Entra's answer to a create means for its row: the pass it issued, the failure with Graph's own
 * words beside a plain reason, and what its refusals teach about the tenant's TAP policy (which is
 * usually unreadable). The HTTP status → resend decision lives in src/domain/paced-writes/write-failure.ts.
 */

export type FailureDetails = Omit<Extract<RowOutcome, { kind: "failed" }>, "kind">;

/** The plain reason plus Graph's own code, inner code, message and request id. */
export function failureDetails(error: GraphError | GraphNetworkError, reason: string, policyRefusal?: PolicyRefusal): FailureDetails {
  const refusal = policyRefusal ? { policyRefusal } : {};
  if (error instanceof GraphError) {
    return {
      reason,
      code: error.code,
      status: error.status,
      requestId: error.requestId,
      innerCode: error.innerCode,
      graphMessage: error.message,
      ...refusal,
    };
  }
  return { reason, code: error.reason === "timeout" ? "timeout" : "networkError", graphMessage: error.message, ...refusal };
}

/** The pass as the results show it: Entra's answer first, what was asked where the answer is silent. */
export function issuedPass(target: IssueTarget, method: CreatedTemporaryAccessPass): IssuedPass {
  const lifetime = method.lifetimeInMinutes;
  const startDateTime = method.startDateTime ?? method.createdDateTime;
  const startMs = Date.parse(startDateTime);
  return {
    rowId: target.rowId,
    userId: target.userId ?? target.userKey,
    userPrincipalName: target.userPrincipalName ?? (target.userKey.includes("@") ? target.userKey : ""),
    displayName: target.displayLabel,
    value: method.temporaryAccessPass,
    methodId: method.id,
    createdDateTime: method.createdDateTime,
    startDateTime,
    endDateTime: Number.isNaN(startMs) ? "" : new Date(startMs + lifetime * 60_000).toISOString(),
    lifetimeInMinutes: lifetime,
    isUsableOnce: method.isUsableOnce,
  };
}

/**
 * After an unanswered attempt, a refusal to replace a pass may be Entra refusing the very pass that
 * attempt created (the codes can't tell): then the row's unseen pass is removed and the create sent
 * once more. A refusal that names the lifetime range is about the policy, never about that pass.
 */
export function shouldCleanUpAndResend(
  error: GraphError | GraphNetworkError,
  row: { ambiguous: boolean; alreadyResent: boolean; failures: number; maxAttempts: number },
): boolean {
  return (
    row.ambiguous &&
    lifetimeRangeOf(error) === null &&
    !row.alreadyResent &&
    (isExistingPassConflict(error) || isPolicyBadRequest(error)) &&
    row.failures < row.maxAttempts
  );
}

export const NOT_CERTAIN_ONE_TIME =
  "none was accepted in this run, so this tenant likely requires one-time passes (TAP Desk is not certain)";

/**
 * What a run learned from Entra's refusals: the lifetime range Graph named (Entra's own statement), and
 * the guess that one-time use is forced (a multi-use create refused with 400 while none was accepted).
 */
export class PolicyLearner {
  private readonly learned: LearnedPolicy;
  private multiUseAccepted = false;

  constructor(start?: LearnedPolicy) {
    this.learned = { lifetimeRange: start?.lifetimeRange ?? null, forcesOneTime: start?.forcesOneTime ?? false };
  }

  get current(): LearnedPolicy {
    return { ...this.learned };
  }

  /** Why Entra would refuse this create, going by what was learned; null when nothing says so. */
  refusalAhead(body: CreateTemporaryAccessPassBody): { refusal: PolicyRefusal; reason: string } | null {
    const { lifetimeInMinutes, isUsableOnce } = body;
    const range = this.learned.lifetimeRange;
    if (range && lifetimeInMinutes !== undefined && (lifetimeInMinutes < range.min || lifetimeInMinutes > range.max)) {
      return {
        refusal: { kind: "lifetime", requestedMinutes: lifetimeInMinutes },
        reason: `Not sent: ${lifetimeRefusalReason(range, lifetimeInMinutes)} (Entra said so when it refused an earlier row.)`,
      };
    }
    if (this.learned.forcesOneTime && isUsableOnce === false) {
      return {
        refusal: { kind: "multiUse" },
        reason: `Not sent as a multi-use pass: Entra refused one and ${NOT_CERTAIN_ONE_TIME}.`,
      };
    }
    return null;
  }

  /** Entra accepted this create: a multi-use pass proves one-time use is not forced. */
  noteAccepted(body: CreateTemporaryAccessPassBody): void {
    if (body.isUsableOnce !== false) return;
    this.multiUseAccepted = true;
    this.learned.forcesOneTime = false;
  }

  /**
   * A 400 badRequest to a create: Entra's answer when the create breaks the TAP policy. Learns the
   * range when Graph named it, or that one-time use is likely forced. `changed` says queued rows
   * should be checked again.
   */
  learnFromRefusal(body: CreateTemporaryAccessPassBody, error: GraphError): { refusal?: PolicyRefusal; changed: boolean } {
    const { lifetimeInMinutes, isUsableOnce } = body;
    const range = parseLifetimeRange(error.message);
    if (range) {
      const known = this.learned.lifetimeRange;
      const changed = !known || known.min !== range.min || known.max !== range.max;
      if (changed) this.learned.lifetimeRange = range;
      const refusal: PolicyRefusal | undefined =
        lifetimeInMinutes === undefined ? undefined : { kind: "lifetime", requestedMinutes: lifetimeInMinutes };
      return refusal ? { refusal, changed } : { changed };
    }
    if (isUsableOnce === false && !this.multiUseAccepted) {
      const changed = !this.learned.forcesOneTime;
      this.learned.forcesOneTime = true;
      return { refusal: { kind: "multiUse" }, changed };
    }
    return { changed: false };
  }

  /** For re-issuing: whether this lifetime was (or would have been) refused. */
  lifetimeRefused(lifetime: number | undefined, refusal: PolicyRefusal): boolean {
    if (refusal.kind === "lifetime") return true;
    const range = this.learned.lifetimeRange;
    return lifetime !== undefined && range !== null && (lifetime < range.min || lifetime > range.max);
  }
}

/** The reason shown for a refused create: a refused multi-use pass says what TAP Desk guesses. */
export function refusalReason(refusal: PolicyRefusal | undefined, reason: string): string {
  return refusal?.kind === "multiUse" ? `Entra refused this multi-use pass and ${NOT_CERTAIN_ONE_TIME}.` : reason;
}
