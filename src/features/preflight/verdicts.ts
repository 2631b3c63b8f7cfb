import { targetReach, type IssuerCapability } from "../../lib/directory-roles";
import { guestOrigin } from "../../domain/guest-origin";
import type { DirectoryRole, DirectoryUser } from "../../lib/graph/types";
import type { Candidate } from "../../lib/tap/run-types";
import type {
  CandidateLookup,
  ExistingPassSummary,
  LookupFailure,
  PassSummarySource,
  PreflightResult,
  PreflightRow,
  PreflightVerdict,
  VerdictCounts,
} from "./preflight-types";

/** Display order: what will be issued first, then the reasons for skipping, worst surprises last. */
export const VERDICT_ORDER: readonly PreflightVerdict[] = [
  "ready",
  "holds-expired-pass",
  "holds-usable-pass",
  "holds-future-pass",
  "needs-privileged-admin",
  "disabled",
  "external-guest",
  "self",
  "duplicate-user",
  "not-found",
  "lookup-failed",
];

export const VERDICT_LABEL: Record<PreflightVerdict, string> = {
  ready: "Ready",
  "holds-expired-pass": "Pass expired — will be replaced",
  "holds-usable-pass": "Already holds a usable pass",
  "holds-future-pass": "Holds a pass that starts later",
  "needs-privileged-admin": "Needs a Privileged Authentication Administrator",
  disabled: "Account disabled",
  "external-guest": "External guest",
  self: "That's you",
  "duplicate-user": "Listed twice",
  "not-found": "Not found",
  "lookup-failed": "Couldn't be checked",
};

/** Verdicts that get a pass without the admin deciding anything. */
export const ISSUABLE_VERDICTS: ReadonlySet<PreflightVerdict> = new Set(["ready", "holds-expired-pass"]);
/** Verdicts that get a pass only when the admin chooses to replace existing passes. */
export const REPLACEABLE_VERDICTS: ReadonlySet<PreflightVerdict> = new Set(["holds-usable-pass", "holds-future-pass"]);

export interface VerdictContext {
  capability: IssuerCapability;
  /** The signed-in admin's object id; null when not known (then "self" cannot be detected here). */
  meId: string | null;
  nowMs: number;
  /** How times appear in sentences; defaults to the browser's locale and time zone. */
  formatDateTime?: (iso: string) => string;
}

export function emptyCounts(): VerdictCounts {
  return Object.fromEntries(VERDICT_ORDER.map((verdict) => [verdict, 0])) as VerdictCounts;
}

const defaultDateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function defaultFormatDateTime(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : defaultDateFormat.format(at);
}

/** A failed read as one sentence an admin can act on, with the request id to quote to support. */
export function describeLookupFailure(failure: LookupFailure): string {
  const id = failure.requestId ? ` (request id ${failure.requestId})` : "";
  if (failure.status === 403) return `Microsoft Graph refused to show this to you: ${failure.message}${id}`;
  if (failure.status === 429) return `Microsoft Graph kept throttling the check; run it again in a minute${id}.`;
  if (failure.status >= 500) return `Microsoft Graph had a temporary problem (${failure.status}); run the check again${id}.`;
  return `${failure.message}${id}`;
}

/** The rest of what the admin center shows of a pass: its validity window and one-time use. */
function passFacts(pass: ExistingPassSummary, format: (iso: string) => string): string {
  const window =
    pass.startDateTime && pass.endDateTime ? ` Valid from ${format(pass.startDateTime)} until ${format(pass.endDateTime)}` : "";
  const use = pass.isUsableOnce === null ? "" : pass.isUsableOnce ? "one-time use" : "multi-use";
  if (!window && !use) return "";
  return `${window || " It is"}${window && use ? ", " : " "}${use}.`.replace(/ \.$/, ".");
}

export function summarizePass(pass: PassSummarySource): ExistingPassSummary {
  const start = pass.startDateTime ?? pass.createdDateTime ?? null;
  const startMs = start === null ? Number.NaN : Date.parse(start);
  const lifetime = typeof pass.lifetimeInMinutes === "number" ? pass.lifetimeInMinutes : null;
  return {
    id: pass.id,
    createdDateTime: pass.createdDateTime ?? null,
    startDateTime: pass.startDateTime ?? null,
    endDateTime: lifetime !== null && !Number.isNaN(startMs) ? new Date(startMs + lifetime * 60_000).toISOString() : null,
    lifetimeInMinutes: lifetime,
    isUsableOnce: typeof pass.isUsableOnce === "boolean" ? pass.isUsableOnce : null,
    isUsable: pass.isUsable === true,
    methodUsabilityReason: pass.methodUsabilityReason ?? null,
  };
}

type PassState = "usable" | "future" | "spent";

/** Trusts the service's own usability answer; falls back to the times only when it gave none we know. */
export function classifyPass(pass: ExistingPassSummary, nowMs: number): PassState {
  if (pass.isUsable) return "usable";
  switch (pass.methodUsabilityReason) {
    case "NotYetValid":
      return "future";
    case "Expired":
    case "OneTimeUsed":
    case "DisabledByPolicy":
      return "spent";
    default:
      break; // no reason we know (or none): decide from the times below
  }
  const start = pass.startDateTime === null ? Number.NaN : Date.parse(pass.startDateTime);
  if (!Number.isNaN(start) && start > nowMs) return "future";
  const end = pass.endDateTime === null ? Number.NaN : Date.parse(pass.endDateTime);
  if (!Number.isNaN(end) && end <= nowMs) return "spent";
  // Unknown state inside its lifetime: treat it as working, so it is not replaced by surprise.
  return "usable";
}

function spentDetail(pass: ExistingPassSummary, format: (iso: string) => string): string {
  switch (pass.methodUsabilityReason) {
    case "OneTimeUsed":
      return "Their one-time pass has already been used; the new pass replaces it.";
    case "DisabledByPolicy":
      return "Their existing pass is turned off by the tenant's policy; the new pass replaces it.";
    default:
      return pass.endDateTime
        ? `Their pass expired on ${format(pass.endDateTime)}; the new pass replaces it.`
        : "Their old pass has expired; the new pass replaces it.";
  }
}

export function describeCandidate(candidate: Candidate): string {
  const name = candidate.user?.userPrincipalName ?? candidate.identifier;
  return candidate.line === null ? `${name} (picked from search)` : `line ${candidate.line} (${name})`;
}

function roleNames(roles: readonly DirectoryRole[]): string {
  return roles.map((role) => role.displayName ?? role.roleTemplateId ?? role.id).join(", ");
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * One verdict per candidate, in their order. A user reached twice (e.g. by UPN and by object id)
 * keeps the first row; later rows are `duplicate-user` and name it.
 */
export function decideVerdicts(
  candidates: readonly Candidate[],
  lookups: ReadonlyMap<string, CandidateLookup>,
  context: VerdictContext,
): PreflightResult {
  const decider = verdictDecider(lookups, context);
  return { rows: candidates.map(decider.decide), counts: decider.counts };
}

/** Candidates decided between two yields to the event loop in `decideVerdictsInSlices`. */
export const VERDICT_SLICE = 2000;

/**
 * `decideVerdicts`, giving the page a turn (`pause`) after every `VERDICT_SLICE` candidates: deciding
 * 50,000 rows at once was one ~0.2 s task at the end of the check. Same rows, same counts.
 */
export async function decideVerdictsInSlices(
  candidates: readonly Candidate[],
  lookups: ReadonlyMap<string, CandidateLookup>,
  context: VerdictContext,
  pause: () => Promise<void>,
): Promise<PreflightResult> {
  const decider = verdictDecider(lookups, context);
  const rows: PreflightRow[] = [];
  for (let from = 0; from < candidates.length; from += VERDICT_SLICE) {
    if (from > 0) await pause();
    for (const candidate of candidates.slice(from, from + VERDICT_SLICE)) rows.push(decider.decide(candidate));
  }
  return { rows, counts: decider.counts };
}

/** Decides one candidate at a time, in order, remembering who was seen (duplicates) and the counts. */
function verdictDecider(lookups: ReadonlyMap<string, CandidateLookup>, context: VerdictContext) {
  const format = context.formatDateTime ?? defaultFormatDateTime;
  const firstByUserId = new Map<string, Candidate>();
  const counts = emptyCounts();
  const decide = (candidate: Candidate): PreflightRow => {
    const lookup = lookups.get(candidate.rowId);
    const row = decideOne(candidate, lookup, context, format, firstByUserId);
    counts[row.verdict] += 1;
    const manager = lookup?.manager;
    if (manager?.ok) row.manager = manager.value;
    else if (manager) row.managerFailure = manager.failure;
    return row;
  };
  return { decide, counts };
}

function decideOne(
  candidate: Candidate,
  lookup: CandidateLookup | undefined,
  context: VerdictContext,
  format: (iso: string) => string,
  firstByUserId: Map<string, Candidate>,
): PreflightRow {
  if (lookup === undefined) {
    return { candidate, verdict: "lookup-failed", detail: "This user was not checked; run the check again." };
  }
  if (!lookup.user.ok) {
    const failure = lookup.user.failure;
    if (failure.status === 404) {
      return {
        candidate,
        verdict: "not-found",
        detail: `No user “${candidate.identifier}” exists in your directory. Check the spelling or the object id.`,
      };
    }
    return { candidate, verdict: "lookup-failed", detail: `This user couldn't be looked up. ${describeLookupFailure(failure)}` };
  }

  const user = lookup.user.value;
  const first = firstByUserId.get(user.id);
  if (first !== undefined) {
    return {
      candidate,
      verdict: "duplicate-user",
      user,
      duplicateOf: first,
      detail: `Same person as ${describeCandidate(first)}; only that row gets a pass.`,
    };
  }
  firstByUserId.set(user.id, candidate);

  if (context.meId !== null && user.id.toLowerCase() === context.meId.toLowerCase()) {
    return {
      candidate,
      verdict: "self",
      user,
      detail: "This is you. Nobody may issue a pass for themselves; ask another administrator.",
    };
  }
  const enabled = decideEnabled(candidate, user, lookup, context, format);
  if (user.accountEnabled !== false) return enabled;
  // Pre-staged accounts: what the row would be once enabled decides whether the admin's opt-in can send it.
  const ifEnabled = enabled.verdict;
  const holdsOrRefused = ifEnabled === "ready" ? (enabled.caution ? ` ${enabled.caution}` : "") : ` Once enabled: ${enabled.detail}`;
  return {
    candidate,
    verdict: "disabled",
    user,
    ifEnabled,
    ...(enabled.existingPass ? { existingPass: enabled.existingPass } : {}),
    ...(enabled.blockingRoles ? { blockingRoles: enabled.blockingRoles } : {}),
    ...(enabled.caution ? { caution: enabled.caution } : {}),
    detail: `The account is disabled: a pass can't be used to sign in until the account is enabled. Skipped unless you choose to issue for disabled accounts.${holdsOrRefused}`,
  };
}

/** The verdict for an account that is (or will be) enabled: guests, admin roles, existing passes. */
function decideEnabled(
  candidate: Candidate,
  user: DirectoryUser,
  lookup: CandidateLookup,
  context: VerdictContext,
  format: (iso: string) => string,
): PreflightRow {
  // Read once: this runs for every row of the file.
  const origin = guestOrigin(user);
  if (origin === "external") {
    return {
      candidate,
      verdict: "external-guest",
      user,
      detail: "External guests can't receive a pass; they sign in with their own organisation's account.",
    };
  }

  // Cautions say what TAP Desk suspects but cannot know; the row is still sent and Entra answers.
  const cautions: string[] = [];
  if (origin === "unsure") {
    cautions.push(
      "The name looks like an invited guest's (#EXT#), but Microsoft Graph does not say the account is external; TAP Desk sends it and shows Entra's answer.",
    );
  }
  if (context.capability === "non-admins" && lookup.roles !== undefined) {
    if (!lookup.roles.ok) {
      return {
        candidate,
        verdict: "lookup-failed",
        user,
        detail: `This user's admin roles couldn't be checked. ${describeLookupFailure(lookup.roles.failure)}`,
      };
    }
    const reach = targetReach(context.capability, lookup.roles.value);
    if (reach.blocking.length > 0) {
      return {
        candidate,
        verdict: "needs-privileged-admin",
        user,
        blockingRoles: reach.blocking,
        detail: `Holds an admin role (${roleNames(reach.blocking)}); only a Privileged Authentication Administrator can issue them a pass.`,
      };
    }
    if (reach.unnamed > 0) {
      cautions.push(
        `Likely refused: holds ${plural(reach.unnamed, "directory role", "directory roles")} Microsoft Graph didn't name to TAP Desk, and most admin roles need a Privileged Authentication Administrator. TAP Desk sends it and shows Entra's answer.`,
      );
    }
  }
  const row = decidePass(candidate, user, lookup, context, format);
  return cautions.length === 0 ? row : { ...row, caution: cautions.join(" "), detail: `${row.detail} ${cautions.join(" ")}` };
}

function decidePass(
  candidate: Candidate,
  user: DirectoryUser,
  lookup: CandidateLookup,
  context: VerdictContext,
  format: (iso: string) => string,
): PreflightRow {
  if (lookup.passes !== undefined && !lookup.passes.ok) {
    const failure = lookup.passes.failure;
    // Entra answers reads and creates alike: refused here, a new pass would be refused too.
    const detail =
      failure.status === 403
        ? `Entra refused: ${failure.code}: ${failure.message}${failure.requestId ? ` (request id ${failure.requestId})` : ""} It refused to show this user's passes, so it would refuse a new one too (e.g. a user outside your administrative unit, or with an admin role your role can't reach).`
        : `This user's existing pass couldn't be checked. ${describeLookupFailure(failure)}`;
    return { candidate, verdict: "lookup-failed", user, detail };
  }
  const listed = lookup.passes?.ok ? lookup.passes.value[0] : undefined;
  const guestNote = user.userType === "Guest" ? " (an internal guest, who can receive a pass)" : "";
  if (listed === undefined) {
    return { candidate, verdict: "ready", user, detail: `Will get a new pass${guestNote}.` };
  }

  const existingPass = summarizePass(listed);
  switch (classifyPass(existingPass, context.nowMs)) {
    case "usable":
      return {
        candidate,
        verdict: "holds-usable-pass",
        user,
        existingPass,
        detail:
          (existingPass.endDateTime
            ? `Already holds a working pass (until ${format(existingPass.endDateTime)}). Skipped unless you choose to replace it.`
            : "Already holds a working pass. Skipped unless you choose to replace it.") + passFacts(existingPass, format),
      };
    case "future":
      return {
        candidate,
        verdict: "holds-future-pass",
        user,
        existingPass,
        detail:
          (existingPass.startDateTime
            ? `Already holds a pass that starts ${format(existingPass.startDateTime)}. Skipped unless you choose to replace it.`
            : "Already holds a pass that isn't valid yet. Skipped unless you choose to replace it.") + passFacts(existingPass, format),
      };
    case "spent":
      return { candidate, verdict: "holds-expired-pass", user, existingPass, detail: spentDetail(existingPass, format) };
  }
}
