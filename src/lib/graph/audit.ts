import * as v from "valibot";
import { check, type Shape } from "./response-shapes";
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
  const parts = [`activityDisplayName eq ${odataString(SECURITY_INFO_REGISTERED)}`, `activityDateTime ge ${query.since.toISOString()}`];
  const issuer = query.issuerPrefix?.trim();
  if (issuer) parts.push(`startswith(initiatedBy/user/userPrincipalName,${odataString(issuer)})`);
  return parts.join(" and ");
}

export function tapAuditPath(query: TapAuditQuery): string {
  const filter = encodeURIComponent(buildTapAuditFilter(query));
  return `/auditLogs/directoryAudits?$filter=${filter}&$top=${query.top ?? 50}`;
}

/** A field the view may show: missing, null or not text reads as null, and the entry still counts. */
const shownText = v.fallback(v.nullable(v.string()), null);

/** An identity in `initiatedBy` or `targetResources`; null when it is not an object or names nobody. */
const identityShape = v.fallback(
  v.pipe(
    v.object({ id: shownText, displayName: shownText, userPrincipalName: shownText }),
    v.transform((out): AuditIdentity | null =>
      out.id === null && out.displayName === null && out.userPrincipalName === null ? null : out,
    ),
  ),
  null,
);

const targetResourceShape = v.fallback(
  v.pipe(
    // Graph's own example spells the property "Type" in one place and "type" in another.
    v.object({ type: shownText, Type: shownText }),
    v.transform((target) => (target.type ?? target.Type ?? "").toLowerCase() === "user"),
  ),
  false,
);

/** What the view needs from an entry (id, a readable time, the activity); the rest may be missing. */
const directoryAuditShape: Shape<DirectoryAuditEntry> = v.pipe(
  v.object({
    id: v.string(),
    activityDateTime: v.pipe(
      v.string(),
      v.check((at) => !Number.isNaN(Date.parse(at)), "a date and time"),
    ),
    activityDisplayName: v.string(),
    category: shownText,
    result: shownText,
    resultReason: shownText,
    loggedByService: shownText,
    operationType: shownText,
    initiatedBy: v.fallback(
      v.object({
        user: identityShape,
        app: v.fallback(v.nullable(v.object({ displayName: shownText, appId: shownText })), null),
      }),
      { user: null, app: null },
    ),
    targetResources: v.fallback(v.array(v.unknown()), []),
  }),
  v.transform(({ initiatedBy, targetResources, ...entry }) => ({
    ...entry,
    initiatedBy: initiatedBy.user,
    initiatedByApp: initiatedBy.app ? (initiatedBy.app.displayName ?? initiatedBy.app.appId) : null,
    targetUsers: targetResources
      .filter((target) => v.parse(targetResourceShape, target))
      .map((target) => v.parse(identityShape, target))
      .filter((target): target is AuditIdentity => target !== null),
  })),
);

/** The page: its items are checked one by one below, so one bad item does not hide the others. */
const auditPageShape = v.fallback(
  v.object({
    value: v.fallback(v.array(v.unknown()), []),
    "@odata.nextLink": v.fallback(v.nullable(v.string()), null),
  }),
  { value: [], "@odata.nextLink": null },
);

/** Checks one item; null when it lacks what the view needs (id, time, activity). */
export function parseDirectoryAudit(raw: unknown): DirectoryAuditEntry | null {
  const checked = check(directoryAuditShape, raw);
  return checked.ok ? checked.value : null;
}

/** Items without the directoryAudit shape are counted in `unreadable`, never dropped silently. */
export function parseAuditPage(body: unknown): AuditPage {
  const page = v.parse(auditPageShape, body);
  const entries: DirectoryAuditEntry[] = [];
  let unreadable = 0;
  for (const item of page.value) {
    const entry = parseDirectoryAudit(item);
    if (entry) entries.push(entry);
    else unreadable++;
  }
  return { entries, unreadable, nextLink: page["@odata.nextLink"] };
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
