import { randomUUID } from "node:crypto";
import type { DirectoryUserRecord } from "../directory-seed.ts";
import { rolesThatReadAuditLogs } from "../roles.ts";
import { forbidden, graphError, ok, requireScope } from "./context.ts";
import type { GraphContext, GraphReply } from "./context.ts";

/**
 * Entra's directory audit log, as far as TAP Desk's writes touch it. Shapes follow the Graph
 * `directoryAudit` resource (GDC resources/directoryaudit.md). The activity names and the TAP wording
 * of `resultReason` come from Entra's audit activity list and its security-operations guide
 * ("Admin registered security info", reason "Admin registered temporary access pass method for user");
 * the deletion reason below is seen only outside Microsoft's docs (NOT CONFIRMED).
 */
export interface AuditRecord {
  id: string;
  at: number;
  kind: "register" | "delete";
  initiator: { id: string; displayName: string | null; userPrincipalName: string };
  target: { id: string; displayName: string | null; userPrincipalName: string };
}

export const auditActivity = {
  register: {
    activityDisplayName: "Admin registered security info",
    resultReason: "Admin registered temporary access pass method for user",
    operationType: "Add",
  },
  delete: {
    activityDisplayName: "Admin deleted security info",
    resultReason: "Admin deleted temporary access pass method for user",
    operationType: "Delete",
  },
} as const;

/** AuditLog.Read.All is the documented delegated permission (the table also names Directory.Read.All). */
export const auditReadScopes = ["AuditLog.Read.All"] as const;

export function recordAudit(ctx: GraphContext, kind: AuditRecord["kind"], target: DirectoryUserRecord): void {
  const actor = ctx.principal.user;
  ctx.tenant.audits.push({
    id: `AuthenticationMethods_${randomUUID()}`,
    at: ctx.now,
    kind,
    initiator: { id: actor.id, displayName: actor.displayName, userPrincipalName: actor.userPrincipalName },
    target: { id: target.id, displayName: target.displayName, userPrincipalName: target.userPrincipalName },
  });
}

export function serializeAudit(record: AuditRecord): Record<string, unknown> {
  const activity = auditActivity[record.kind];
  return {
    id: record.id,
    category: "UserManagement",
    correlationId: record.id.slice(record.id.indexOf("_") + 1),
    result: "success",
    resultReason: activity.resultReason,
    activityDisplayName: activity.activityDisplayName,
    activityDateTime: new Date(record.at).toISOString(),
    loggedByService: "Authentication Methods",
    operationType: activity.operationType,
    initiatedBy: {
      app: null,
      user: { ...record.initiator, ipAddress: "127.0.0.1", userType: null, homeTenantId: null, homeTenantName: null },
    },
    targetResources: [
      {
        id: record.target.id,
        displayName: record.target.displayName,
        type: "User",
        userPrincipalName: record.target.userPrincipalName,
        groupType: null,
        modifiedProperties: [],
      },
    ],
    additionalDetails: [],
  };
}

type Predicate = (record: AuditRecord) => boolean;

class AuditFilterError extends Error {}

function literal(raw: string): string {
  return raw.slice(1, -1).replace(/''/g, "'");
}

const str = "('(?:[^']|'')*')";
const iso = "(\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z)";
/** The `$filter` subset the directoryAudit docs list (eq/ge/le/startswith), joined with `and`. */
const clauses: { re: RegExp; build: (m: RegExpExecArray) => Predicate }[] = [
  {
    re: new RegExp(`^activityDisplayName eq ${str}$`, "i"),
    build: (m) => {
      const v = literal(m[1] ?? "");
      return (r) => auditActivity[r.kind].activityDisplayName === v;
    },
  },
  {
    re: new RegExp(`^startswith\\(activityDisplayName,\\s*${str}\\)$`, "i"),
    build: (m) => {
      const v = literal(m[1] ?? "").toLowerCase();
      return (r) => auditActivity[r.kind].activityDisplayName.toLowerCase().startsWith(v);
    },
  },
  {
    re: new RegExp(`^activityDateTime (ge|le|eq) ${iso}$`, "i"),
    build: (m) => {
      const op = (m[1] ?? "").toLowerCase();
      const t = Date.parse(m[2] ?? "");
      if (Number.isNaN(t)) throw new AuditFilterError();
      return op === "ge" ? (r) => r.at >= t : op === "le" ? (r) => r.at <= t : (r) => r.at === t;
    },
  },
  {
    re: new RegExp(`^initiatedBy/user/id eq ${str}$`, "i"),
    build: (m) => {
      const v = literal(m[1] ?? "").toLowerCase();
      return (r) => r.initiator.id.toLowerCase() === v;
    },
  },
  {
    re: new RegExp(`^initiatedBy/user/displayName eq ${str}$`, "i"),
    build: (m) => {
      const v = literal(m[1] ?? "");
      return (r) => r.initiator.displayName === v;
    },
  },
  {
    re: new RegExp(`^initiatedBy/user/userPrincipalName eq ${str}$`, "i"),
    build: (m) => {
      const v = literal(m[1] ?? "").toLowerCase();
      return (r) => r.initiator.userPrincipalName.toLowerCase() === v;
    },
  },
  {
    re: new RegExp(`^startswith\\(initiatedBy/user/userPrincipalName,\\s*${str}\\)$`, "i"),
    build: (m) => {
      const v = literal(m[1] ?? "").toLowerCase();
      return (r) => r.initiator.userPrincipalName.toLowerCase().startsWith(v);
    },
  },
  {
    re: new RegExp(`^targetResources/any\\((\\w+):\\s*\\1/id eq ${str}\\)$`, "i"),
    build: (m) => {
      const v = literal(m[2] ?? "").toLowerCase();
      return (r) => r.target.id.toLowerCase() === v;
    },
  },
  {
    re: new RegExp(`^targetResources/any\\((\\w+):\\s*\\1/displayName eq ${str}\\)$`, "i"),
    build: (m) => {
      const v = literal(m[2] ?? "");
      return (r) => r.target.displayName === v;
    },
  },
  {
    re: new RegExp(`^targetResources/any\\((\\w+):\\s*startswith\\(\\1/displayName,\\s*${str}\\)\\)$`, "i"),
    build: (m) => {
      const v = literal(m[2] ?? "").toLowerCase();
      return (r) => (r.target.displayName ?? "").toLowerCase().startsWith(v);
    },
  },
];

/** Splits on ` and ` outside quoted literals. */
function splitAnd(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")") depth--;
    else if (!quoted && depth === 0 && /^\s+and\s+/i.test(input.slice(i)) && i > start) {
      const m = /^\s+and\s+/i.exec(input.slice(i));
      parts.push(input.slice(start, i).trim());
      i += (m?.[0].length ?? 1) - 1;
      start = i + 1;
    }
  }
  parts.push(input.slice(start).trim());
  return parts;
}

function parseAuditFilter(input: string): Predicate {
  const predicates = splitAnd(input.trim()).map((clause) => {
    for (const { re, build } of clauses) {
      const m = re.exec(clause);
      if (m) return build(m);
    }
    throw new AuditFilterError();
  });
  return (record) => predicates.every((p) => p(record));
}

interface AuditSkipToken {
  o: number;
  q: string;
}

function encodeSkipToken(token: AuditSkipToken): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

function decodeSkipToken(raw: string): AuditSkipToken | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      typeof (parsed as AuditSkipToken).o === "number" &&
      typeof (parsed as AuditSkipToken).q === "string"
    ) {
      return parsed as AuditSkipToken;
    }
  } catch {
    // fall through
  }
  return null;
}

const defaultTop = 1000;

/**
 * GET /auditLogs/directoryAudits: needs AuditLog.Read.All in the token and, in delegated use, a role
 * that reads audit logs (GDC rbac-directoryaudit-apis: Reports Reader, Security Reader, Security
 * Administrator; Global Reader and Global Administrator also read them). Newest first, as Entra lists them.
 */
export function listDirectoryAudits(ctx: GraphContext): GraphReply {
  const denied = requireScope(ctx, ...auditReadScopes);
  if (denied) return denied;
  if (!ctx.principal.roles.some((r) => rolesThatReadAuditLogs.has(r))) return forbidden(ctx);
  const q = ctx.query;
  const filterRaw = q.get("$filter");
  let predicate: Predicate = () => true;
  if (filterRaw !== null) {
    try {
      predicate = parseAuditFilter(filterRaw);
    } catch {
      // Entra's wording for an unsupported audit filter is not documented: a generic 400, nothing to key on.
      return graphError(400, "BadRequest", "Invalid filter clause (emulated; Entra's wording is not documented).", ctx);
    }
  }
  const topRaw = q.get("$top");
  const top = topRaw === null ? defaultTop : Number(topRaw);
  if (!Number.isInteger(top) || top < 1 || top > 1000) {
    return graphError(400, "BadRequest", "Invalid $top value (emulated; Entra's wording is not documented).", ctx);
  }
  const fingerprint = `${filterRaw ?? ""}|${top}`;
  let offset = 0;
  const skipRaw = q.get("$skiptoken");
  if (skipRaw !== null) {
    const token = decodeSkipToken(skipRaw);
    if (!token || token.q !== fingerprint) return graphError(400, "BadRequest", "Invalid $skiptoken (emulated).", ctx);
    offset = token.o;
  }
  const matching = ctx.tenant.audits.filter(predicate).sort((a, b) => b.at - a.at);
  const body: Record<string, unknown> = { "@odata.context": `${ctx.server.baseUrl}/v1.0/$metadata#auditLogs/directoryAudits` };
  if (offset + top < matching.length) {
    const next = new URLSearchParams(q);
    next.set("$skiptoken", encodeSkipToken({ o: offset + top, q: fingerprint }));
    body["@odata.nextLink"] = `${ctx.server.baseUrl}/v1.0/auditLogs/directoryAudits?${next.toString().replace(/%24/g, "$")}`;
  }
  body.value = matching.slice(offset, offset + top).map(serializeAudit);
  return ok(body);
}
