import type { DirectoryUserRecord } from "../directory-seed.ts";
import { graphError, ok, requireScope } from "./context.ts";
import type { GraphContext, GraphReply } from "./context.ts";
import { parseFilter } from "./filter.ts";
import { parseSearch, QueryError } from "./search.ts";
import type { UserPredicate } from "./search.ts";

const defaultUserProperties = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
] as const;

const selectableProperties: ReadonlyMap<string, keyof DirectoryUserRecord> = new Map(
  (
    [
      "id",
      "displayName",
      "givenName",
      "surname",
      "userPrincipalName",
      "mail",
      "mailNickname",
      "otherMails",
      "jobTitle",
      "department",
      "officeLocation",
      "businessPhones",
      "mobilePhone",
      "preferredLanguage",
      "accountEnabled",
      "userType",
      "externalUserState",
      "externalUserStateChangeDateTime",
      "creationType",
      "createdDateTime",
      "usageLocation",
      "companyName",
      "employeeId",
      "employeeHireDate",
      "identities",
    ] as const
  ).map((p) => [p.toLowerCase(), p]),
);

export type Selection = { properties: (keyof DirectoryUserRecord)[]; explicit: boolean; raw: string[] };

export function parseSelect(ctx: GraphContext): Selection | GraphReply {
  const raw = ctx.query.get("$select");
  if (raw === null || raw.trim() === "") return { properties: [...defaultUserProperties], explicit: false, raw: [] };
  const names = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const properties: (keyof DirectoryUserRecord)[] = [];
  for (const name of names) {
    const property = selectableProperties.get(name.toLowerCase());
    if (!property) {
      return graphError(400, "Request_BadRequest", `Could not find a property named '${name}' on type 'microsoft.graph.user'.`, ctx);
    }
    if (!properties.includes(property)) properties.push(property);
  }
  return { properties, explicit: true, raw: names };
}

export function projectUser(user: DirectoryUserRecord, selection: Selection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of selection.properties) out[p] = user[p];
  return out;
}

function contextUrl(ctx: GraphContext, selection: Selection, entity: boolean): string {
  const props = selection.explicit ? `(${selection.raw.join(",")})` : "";
  return `${ctx.server.baseUrl}/v1.0/$metadata#users${props}${entity ? "/$entity" : ""}`;
}

export function invalidKey(ctx: GraphContext, key: string): GraphReply {
  return graphError(400, "Request_BadRequest", `Invalid object identifier '${key}'.`, ctx);
}

export function notFound(ctx: GraphContext, key: string): GraphReply {
  return graphError(
    404,
    "Request_ResourceNotFound",
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
    ctx,
  );
}

/** Resolves a `/users/{key}` key (GUID or UPN, case-insensitive) or answers 400/404. */
export function resolveUserKey(ctx: GraphContext, key: string): DirectoryUserRecord | GraphReply {
  if (key.trim() === "" || key.includes("/") || key.startsWith("$")) return invalidKey(ctx, key);
  return ctx.tenant.findUser(key) ?? notFound(ctx, key);
}

export function isReply(value: unknown): value is GraphReply {
  return typeof value === "object" && value !== null && "status" in value && "headers" in value;
}

export function getMe(ctx: GraphContext): GraphReply {
  const denied = requireScope(ctx, "User.Read", "User.Read.All");
  if (denied) return denied;
  const selection = parseSelect(ctx);
  if (isReply(selection)) return selection;
  return ok({ "@odata.context": contextUrl(ctx, selection, true), ...projectUser(ctx.principal.user, selection) });
}

export function getUser(ctx: GraphContext, key: string): GraphReply {
  const denied = requireScope(ctx, "User.Read.All");
  if (denied) return denied;
  const selection = parseSelect(ctx);
  if (isReply(selection)) return selection;
  const user = resolveUserKey(ctx, key);
  if (isReply(user)) return user;
  return ok({ "@odata.context": contextUrl(ctx, selection, true), ...projectUser(user, selection) });
}

export function getOrganization(ctx: GraphContext): GraphReply {
  const denied = requireScope(ctx, "User.Read", "User.Read.All");
  if (denied) return denied;
  const t = ctx.tenant;
  return ok({
    "@odata.context": `${ctx.server.baseUrl}/v1.0/$metadata#organization`,
    value: [
      {
        id: t.tenantId,
        displayName: t.name,
        tenantType: "AAD",
        countryLetterCode: "US",
        createdDateTime: "2019-01-01T00:00:00Z",
        verifiedDomains: [
          {
            capabilities: "Email, OfficeCommunicationsOnlineService",
            isDefault: true,
            isInitial: true,
            name: t.directory.domain,
            type: "Managed",
          },
        ],
      },
    ],
  });
}

function hasEventualConsistency(ctx: GraphContext): boolean {
  return (ctx.call.headers.consistencylevel ?? "").toLowerCase() === "eventual";
}

function countRequested(ctx: GraphContext): boolean {
  return (ctx.query.get("$count") ?? "").toLowerCase() === "true";
}

/** Permissions that let an app read each kind of directory object (graph-reference §0.1). */
const readableWith: Record<"role" | "group" | "unit", readonly string[]> = {
  role: [
    "rolemanagement.read.directory",
    "rolemanagement.read.all",
    "rolemanagement.readwrite.directory",
    "directory.read.all",
    "directory.readwrite.all",
  ],
  group: ["groupmember.read.all", "group.read.all", "group.readwrite.all", "directory.read.all", "directory.readwrite.all"],
  unit: ["administrativeunit.read.all", "administrativeunit.readwrite.all", "directory.read.all", "directory.readwrite.all"],
};

/**
 * The limited-information rule: without a permission to read an object's type, Graph still lists it
 * (200) but with only `@odata.type` and `id`; every other property is null.
 */
function limited(ctx: GraphContext, kind: "role" | "group" | "unit", item: Record<string, unknown>): Record<string, unknown> {
  if (readableWith[kind].some((scope) => ctx.principal.scopes.has(scope))) return item;
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, key === "@odata.type" || key === "id" ? value : null]));
}

/**
 * Role, group and administrative-unit memberships of a user; transitive = direct here (no nested
 * groups). Roles are only active tenant-wide built-in ones: AU-scoped and custom roles are not
 * directoryRole memberships, so they never show here.
 */
export function listMemberOf(ctx: GraphContext, user: DirectoryUserRecord, cast: string | undefined): GraphReply {
  const t = ctx.tenant;
  const castName = cast?.toLowerCase();
  if (
    castName !== undefined &&
    !["microsoft.graph.directoryrole", "microsoft.graph.group", "microsoft.graph.administrativeunit"].includes(castName)
  ) {
    return graphError(400, "Request_BadRequest", `Resource not found for the segment '${cast}'.`, ctx);
  }
  const roleKeys = t.rolesOf(user.id);
  const roles = t.directory.roles
    .filter((r) => roleKeys.includes(r.key))
    .map((r) =>
      limited(ctx, "role", {
        "@odata.type": "#microsoft.graph.directoryRole",
        id: r.id,
        deletedDateTime: null,
        description: r.description,
        displayName: r.displayName,
        roleTemplateId: r.roleTemplateId,
      }),
    );
  const groups = t.directory.tapGroupMembers.has(user.id)
    ? [
        limited(ctx, "group", {
          "@odata.type": "#microsoft.graph.group",
          id: t.directory.tapGroup.id,
          displayName: t.directory.tapGroup.displayName,
          mail: t.directory.tapGroup.mail,
          securityEnabled: true,
        }),
      ]
    : [];
  const units = t.administrativeUnitsOf(user.id).map((unit) =>
    limited(ctx, "unit", {
      "@odata.type": "#microsoft.graph.administrativeUnit",
      id: unit.id,
      deletedDateTime: null,
      displayName: unit.displayName,
      description: unit.description,
      visibility: null,
    }),
  );
  const value: unknown[] =
    castName === undefined
      ? [...roles, ...groups, ...units]
      : castName === "microsoft.graph.group"
        ? groups
        : castName === "microsoft.graph.administrativeunit"
          ? units
          : roles;
  const body: Record<string, unknown> = {
    "@odata.context": `${ctx.server.baseUrl}/v1.0/$metadata#${castName === "microsoft.graph.directoryrole" ? "directoryRoles" : "directoryObjects"}`,
  };
  if (countRequested(ctx)) body["@odata.count"] = value.length;
  body.value = value;
  return ok(body);
}

interface SkipToken {
  o: number;
  q: string;
}

function queryFingerprint(query: URLSearchParams): string {
  const copy = new URLSearchParams(query);
  copy.delete("$skiptoken");
  copy.delete("$count");
  copy.sort();
  return copy.toString();
}

function encodeSkipToken(token: SkipToken): string {
  return `RFNwdAIAAQAAA${Buffer.from(JSON.stringify(token)).toString("base64url")}`;
}

function decodeSkipToken(raw: string): SkipToken | null {
  if (!raw.startsWith("RFNwdAIAAQAAA")) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw.slice(13), "base64url").toString("utf8"));
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      typeof (parsed as SkipToken).o === "number" &&
      typeof (parsed as SkipToken).q === "string"
    ) {
      return parsed as SkipToken;
    }
  } catch {
    return null;
  }
  return null;
}

/** Shared by /users and /users/$count: applies $search and $filter, or answers the error. */
function matchingUsers(ctx: GraphContext): DirectoryUserRecord[] | GraphReply {
  const search = ctx.query.get("$search");
  const filter = ctx.query.get("$filter");
  const eventual = hasEventualConsistency(ctx);
  const predicates: UserPredicate[] = [];
  try {
    if (search !== null) {
      if (!eventual) {
        return graphError(
          400,
          "Request_UnsupportedQuery",
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
          ctx,
        );
      }
      predicates.push(parseSearch(search));
    }
    if (filter !== null) predicates.push(parseFilter(filter, { advanced: eventual && countRequested(ctx) }));
  } catch (error) {
    if (error instanceof QueryError) return graphError(400, error.code, error.message, ctx);
    throw error;
  }
  const users = ctx.tenant.directory.users;
  return predicates.length === 0 ? users : users.filter((u) => predicates.every((p) => p(u)));
}

export function countUsers(ctx: GraphContext): GraphReply {
  const denied = requireScope(ctx, "User.Read.All");
  if (denied) return denied;
  if (!hasEventualConsistency(ctx)) return graphError(400, "Request_BadRequest", "$count is not currently supported.", ctx);
  const users = matchingUsers(ctx);
  if (isReply(users)) return users;
  return { status: 200, headers: {}, text: { contentType: "text/plain", content: String(users.length) } };
}

export function listUsers(ctx: GraphContext): GraphReply {
  const denied = requireScope(ctx, "User.Read.All");
  if (denied) return denied;
  const q = ctx.query;
  if (q.has("$skip")) return graphError(400, "Request_BadRequest", "'$skip' is not supported by the service.", ctx);
  const eventual = hasEventualConsistency(ctx);
  if (countRequested(ctx) && !eventual) return graphError(400, "Request_BadRequest", "$count is not currently supported.", ctx);
  const selection = parseSelect(ctx);
  if (isReply(selection)) return selection;
  let top = 100;
  const topRaw = q.get("$top");
  if (topRaw !== null) {
    top = /^\d+$/.test(topRaw) ? Number(topRaw) : Number.NaN;
    if (!Number.isInteger(top) || top < 1 || top > 999) {
      return graphError(400, "Request_BadRequest", `Invalid page size specified: '${topRaw}'. Must be between 1 and 999 inclusive.`, ctx);
    }
  }
  const matched = matchingUsers(ctx);
  if (isReply(matched)) return matched;
  let users = matched;
  const orderBy = q.get("$orderby");
  if (orderBy !== null) {
    const m = /^\s*(displayName|userPrincipalName)(?:\s+(asc|desc))?\s*$/i.exec(orderBy);
    if (!m) return graphError(400, "Request_UnsupportedQuery", `Unsupported sort property or direction in '$orderby=${orderBy}'.`, ctx);
    if (q.has("$filter") && !(eventual && countRequested(ctx))) {
      return graphError(400, "Request_UnsupportedQuery", "Sorting not supported for current query.", ctx);
    }
    const prop = (m[1] ?? "").toLowerCase() === "displayname" ? "displayName" : "userPrincipalName";
    const direction = (m[2] ?? "asc").toLowerCase() === "desc" ? -1 : 1;
    users = [...users].sort((a, b) => direction * a[prop].localeCompare(b[prop], "en", { sensitivity: "base" }));
  }
  let offset = 0;
  const skipRaw = q.get("$skiptoken");
  const fingerprint = queryFingerprint(q);
  if (skipRaw !== null) {
    const token = decodeSkipToken(skipRaw);
    if (!token || token.q !== fingerprint) return graphError(400, "Request_BadRequest", "Invalid $skiptoken.", ctx);
    offset = token.o;
  }
  const page = users.slice(offset, offset + top);
  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx, selection, false) };
  if (countRequested(ctx) && skipRaw === null) body["@odata.count"] = users.length;
  if (offset + top < users.length) {
    const nextQuery = new URLSearchParams(q);
    nextQuery.delete("$skiptoken");
    nextQuery.set("$skiptoken", encodeSkipToken({ o: offset + top, q: fingerprint }));
    body["@odata.nextLink"] = `${ctx.server.baseUrl}/v1.0/users?${nextQuery.toString().replace(/%24/g, "$")}`;
  }
  body.value = page.map((u) => projectUser(u, selection));
  return ok(body);
}
