import type { GraphClient } from "./types";

/**
 * Entra's directory audit log (`GET /auditLogs/directoryAudits`), read for Temporary Access Pass
 * registrations. Kept apart from operations.ts: it needs a permission the sign-in does not ask for.
 */

/** Asked for only on this call (incremental consent), never at sign-in. */
export const AUDIT_LOG_PERMISSION = "AuditLog.Read.All";

/**
 * The activity Entra logs when an admin adds an authentication method for a user. Its `resultReason`
 * says which method: "Admin registered temporary access pass method for user" for a pass (Entra
 * security-operations guide; Microsoft's own detections match on it).
 */
export const SECURITY_INFO_REGISTERED = "Admin registered security info";
export const TAP_REGISTERED_REASON = "Admin registered temporary access pass method for user";

export interface AuditIdentity {
  id: string | null;
  displayName: string | null;
  userPrincipalName: string | null;
}

export interface DirectoryAuditEntry {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  category: string | null;
  result: string | null;
  resultReason: string | null;
  loggedByService: string | null;
  operationType: string | null;
  /** The user who acted; null when an app did (initiatedBy.app). */
  initiatedBy: AuditIdentity | null;
  initiatedByApp: string | null;
  /** Target resources of type User (the person the pass was for). */
  targetUsers: AuditIdentity[];
}

export interface AuditPage {
  entries: DirectoryAuditEntry[];
  /** Items Graph sent that did not have the directoryAudit shape; counted so none vanish silently. */
  unreadable: number;
  nextLink: string | null;
}

export interface TapAuditQuery {
  /** Oldest activity to list. */
  since: Date;
  /** Server-side: the issuer's UPN starts with this (documented `startswith` on initiatedBy/user/userPrincipalName). */
  issuerPrefix?: string;
  top?: number;
}

function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `$filter` using only operators the directoryAudit page documents (eq, ge, startswith). */
export function buildTapAuditFilter(query: TapAuditQuery): string {
  const parts = [
    `activityDisplayName eq ${odataString(SECURITY_INFO_REGISTERED)}`,
    `activityDateTime ge ${query.since.toISOString()}`,
  ];
  const issuer = query.issuerPrefix?.trim();
  if (issuer) parts.push(`startswith(initiatedBy/user/userPrincipalName,${odataString(issuer)})`);
  return parts.join(" and ");
}

export function tapAuditPath(query: TapAuditQuery): string {
  const filter = encodeURIComponent(buildTapAuditFilter(query));
  return `/auditLogs/directoryAudits?$filter=${filter}&$top=${query.top ?? 50}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function identity(value: unknown): AuditIdentity | null {
  if (!isRecord(value)) return null;
  const out = { id: stringOrNull(value.id), displayName: stringOrNull(value.displayName), userPrincipalName: stringOrNull(value.userPrincipalName) };
  return out.id === null && out.displayName === null && out.userPrincipalName === null ? null : out;
}

/** Checks one item; null when it lacks what the view needs (id, time, activity). */
export function parseDirectoryAudit(raw: unknown): DirectoryAuditEntry | null {
  if (!isRecord(raw)) return null;
  const id = stringOrNull(raw.id);
  const at = stringOrNull(raw.activityDateTime);
  const activity = stringOrNull(raw.activityDisplayName);
  if (id === null || at === null || Number.isNaN(Date.parse(at)) || activity === null) return null;
  const initiator = isRecord(raw.initiatedBy) ? raw.initiatedBy : {};
  const app = isRecord(initiator.app) ? stringOrNull(initiator.app.displayName) ?? stringOrNull(initiator.app.appId) : null;
  const targets = Array.isArray(raw.targetResources) ? raw.targetResources : [];
  const targetUsers = targets
    .filter((target): target is Record<string, unknown> => isRecord(target))
    // Graph's own example spells the property "Type" in one place and "type" in another.
    .filter((target) => String(target.type ?? target.Type ?? "").toLowerCase() === "user")
    .map(identity)
    .filter((target): target is AuditIdentity => target !== null);
  return {
    id,
    activityDateTime: at,
    activityDisplayName: activity,
    category: stringOrNull(raw.category),
    result: stringOrNull(raw.result),
    resultReason: stringOrNull(raw.resultReason),
    loggedByService: stringOrNull(raw.loggedByService),
    operationType: stringOrNull(raw.operationType),
    initiatedBy: identity(initiator.user),
    initiatedByApp: app,
    targetUsers,
  };
}

export function parseAuditPage(body: unknown): AuditPage {
  const record = isRecord(body) ? body : {};
  const values = Array.isArray(record.value) ? record.value : [];
  const entries: DirectoryAuditEntry[] = [];
  let unreadable = 0;
  for (const item of values) {
    const entry = parseDirectoryAudit(item);
    if (entry) entries.push(entry);
    else unreadable++;
  }
  const next = record["@odata.nextLink"];
  return { entries, unreadable, nextLink: typeof next === "string" ? next : null };
}

/** One page: the first from `query`, later ones from the previous page's nextLink. */
export async function listTapAuditPage(
  client: GraphClient,
  query: TapAuditQuery,
  nextLink: string | null,
  options: { signal?: AbortSignal } = {},
): Promise<AuditPage> {
  return client.request(nextLink ?? tapAuditPath(query), {
    signal: options.signal,
    extraPermissions: [AUDIT_LOG_PERMISSION],
    read: parseAuditPage,
  });
}
