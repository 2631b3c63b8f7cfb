import { describeAuthError } from "../../lib/auth/session";
import { TAP_REGISTERED_REASON } from "../../lib/graph/audit";
import type { AuditPage, DirectoryAuditEntry } from "../../lib/graph/audit";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";

/** How far back the view reads: Entra keeps directory audit entries 7 days without a P1/P2 licence. */
export const HISTORY_DAYS = 7;

export interface HistoryRow {
  id: string;
  at: string;
  issuerName: string | null;
  issuerUpn: string | null;
  userName: string | null;
  userUpn: string | null;
  activity: string;
  result: string | null;
}

/**
 * A security-info registration is a pass when its `resultReason` says so (the wording Entra's
 * security-operations guide documents). Other methods (phone, FIDO2…) share the activity name.
 */
export function isTapRegistration(entry: DirectoryAuditEntry): boolean {
  return entry.resultReason === TAP_REGISTERED_REASON;
}

export interface CollectedHistory {
  rows: HistoryRow[];
  /** Registrations of other methods in the loaded pages (not passes, not shown). */
  otherMethods: number;
  unreadable: number;
}

export function collectHistory(pages: readonly AuditPage[]): CollectedHistory {
  const rows: HistoryRow[] = [];
  let otherMethods = 0;
  let unreadable = 0;
  for (const page of pages) {
    unreadable += page.unreadable;
    for (const entry of page.entries) {
      if (!isTapRegistration(entry)) {
        otherMethods++;
        continue;
      }
      const target = entry.targetUsers[0] ?? null;
      rows.push({
        id: entry.id,
        at: entry.activityDateTime,
        issuerName: entry.initiatedBy?.displayName ?? entry.initiatedByApp,
        issuerUpn: entry.initiatedBy?.userPrincipalName ?? null,
        userName: target?.displayName ?? null,
        userUpn: target?.userPrincipalName ?? target?.id ?? null,
        activity: entry.resultReason ?? entry.activityDisplayName,
        result: entry.result,
      });
    }
  }
  return { rows, otherMethods, unreadable };
}

/** Client-side, over the loaded pages only: Graph documents no filter on a target's UPN. */
export function filterByUser(rows: readonly HistoryRow[], text: string): HistoryRow[] {
  const needle = text.trim().toLocaleLowerCase();
  if (needle === "") return [...rows];
  return rows.filter((row) => [row.userName, row.userUpn].some((value) => value !== null && value.toLocaleLowerCase().includes(needle)));
}

export function historySince(now: number): Date {
  return new Date(now - HISTORY_DAYS * 24 * 60 * 60 * 1000);
}

/** Least-privileged built-in roles that read the directory audit log (List directoryAudits page), and broader ones. */
export const AUDIT_READER_ROLES = [
  "Reports Reader",
  "Security Reader",
  "Global Reader",
  "Security Administrator",
  "Global Administrator",
] as const;

export interface HistoryFailure {
  kind: "role" | "consent" | "throttled" | "network" | "other";
  title: string;
  reason: string;
  /** Graph's own words, shown beside the plain reason. */
  graph: { status: number; code: string; innerCode: string | null; message: string; requestId: string | null } | null;
}

/** Keys on status and MSAL error codes, never on message wording. */
export function describeHistoryFailure(error: unknown): HistoryFailure {
  if (error instanceof GraphError) {
    const graph = {
      status: error.status,
      code: error.code,
      innerCode: error.innerCode,
      message: error.message,
      requestId: error.requestId,
    };
    if (error.status === 403) {
      return {
        kind: "role",
        title: "You can't read Entra's audit log",
        reason:
          `Reading the directory audit log needs a reports-reading role: ${AUDIT_READER_ROLES.slice(0, 3).join(", ")} ` +
          `(or ${AUDIT_READER_ROLES.slice(3).join(" or ")}). Authentication administrators don't have it by their role alone. ` +
          "Ask for one of these roles (or activate it in PIM), then open Recent passes again. If you already hold one, " +
          "the app registration may lack admin consent for AuditLog.Read.All.",
        graph,
      };
    }
    if (error.status === 429) {
      return { kind: "throttled", title: "Microsoft Graph is busy", reason: "Graph is throttling requests. Try again in a minute.", graph };
    }
    return { kind: "other", title: "The audit log could not be read", reason: "Microsoft Graph refused the request.", graph };
  }
  if (error instanceof GraphNetworkError) {
    return { kind: "network", title: "Microsoft Graph could not be reached", reason: "Check your connection and try again.", graph: null };
  }
  if (error !== null && typeof error === "object" && "errorCode" in error) {
    return {
      kind: "consent",
      title: "Permission to read the audit log was not granted",
      reason:
        "Recent passes needs the delegated permission AuditLog.Read.All, asked for only now. " +
        `Entra did not grant it: ${describeAuthError(error)} An administrator can grant admin consent for it on the app registration.`,
      graph: null,
    };
  }
  return {
    kind: "other",
    title: "The audit log could not be read",
    reason: error instanceof Error ? error.message : "An unknown error occurred.",
    graph: null,
  };
}
