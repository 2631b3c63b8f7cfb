import { graphError, requireScope } from "./context.ts";
import type { GraphContext, GraphReply } from "./context.ts";
import { listDirectoryAudits } from "./audit.ts";
import { getTapPolicy } from "./policy-route.ts";
import { getManager, sendMail } from "./mail.ts";
import { listPeople } from "./people.ts";
import { createPass, deletePass, getPass, listPasses } from "./tap.ts";
import { countUsers, getMe, getOrganization, getUser, isReply, listMemberOf, listUsers, resolveUserKey } from "./users.ts";

export type RouteKind = "read" | "write" | "batch";

export interface Route {
  kind: RouteKind;
  /** TAP writes are where faults are injected by default. */
  tapWrite: boolean;
  handle: (ctx: GraphContext) => GraphReply | Promise<GraphReply>;
}

type Ids = { requestId: string; clientRequestId: string };

function segmentNotFound(ids: Ids, segment: string): GraphReply {
  return graphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`, ids);
}

function methodNotAllowed(ids: Ids): GraphReply {
  return graphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.", ids);
}

/** Splits `users('x@y')` key syntax into ["users", "x@y"] (OData literal, quotes doubled). */
export function expandKeySyntax(segments: string[]): string[] | null {
  const first = segments[0];
  if (first === undefined) return segments;
  const m = /^users\('(.*)'\)$/is.exec(first);
  if (!m) return segments;
  const inner = m[1] ?? "";
  if (/(^|[^'])'([^']|$)/.test(inner.replace(/''/g, ""))) return null;
  return ["users", inner.replace(/''/g, "'"), ...segments.slice(1)];
}

const read = (handle: Route["handle"]): Route => ({ kind: "read", tapWrite: false, handle });

/** Maps method + decoded segments to a handler, or answers 400/405 like Graph. */
export function matchRoute(method: string, rawSegments: string[], ids: Ids): Route | GraphReply {
  const segments = expandKeySyntax(rawSegments);
  if (segments === null) return graphError(400, "Request_BadRequest", "Invalid key syntax in the request URL.", ids);
  const lower = segments.map((s) => s.toLowerCase());
  const [s0, s1, s2, s3] = lower;
  const n = segments.length;
  const only = (allowed: string, route: Route): Route | GraphReply => (method === allowed ? route : methodNotAllowed(ids));

  if (s0 === "$batch" && n === 1) return only("POST", { kind: "batch", tapWrite: false, handle: () => methodNotAllowed(ids) });
  if (s0 === "organization" && n === 1) return only("GET", read(getOrganization));
  if (s0 === "auditlogs") {
    if (s1 === "directoryaudits" && n === 2) return only("GET", read(listDirectoryAudits));
    return segmentNotFound(ids, segments[Math.min(n - 1, 1)] ?? "auditLogs");
  }
  if (s0 === "policies") {
    if (s1 === "authenticationmethodspolicy" && s2 === "authenticationmethodconfigurations" && s3 === "temporaryaccesspass" && n === 4) {
      return only("GET", read(getTapPolicy));
    }
    return segmentNotFound(ids, segments[Math.min(n - 1, 3)] ?? "policies");
  }

  const isMe = s0 === "me";
  if (!isMe && s0 !== "users") return segmentNotFound(ids, segments[0] ?? "");
  if (!isMe && n === 1) return only("GET", read(listUsers));
  if (!isMe && s1 === "$count" && n === 2) return only("GET", read(countUsers));
  const key = isMe ? null : (segments[1] ?? "");
  const rest = isMe ? lower.slice(1) : lower.slice(2);
  const restRaw = isMe ? segments.slice(1) : segments.slice(2);

  if (rest.length === 0) return only("GET", read(isMe ? getMe : (ctx) => getUser(ctx, key ?? "")));

  if ((rest[0] === "transitivememberof" || rest[0] === "memberof") && rest.length <= 2) {
    return only(
      "GET",
      read((ctx) => {
        const denied = key === null ? requireScope(ctx, "User.Read", "User.Read.All") : requireScope(ctx, "User.Read.All");
        if (denied) return denied;
        if (key === null) return listMemberOf(ctx, ctx.principal.user, restRaw[1]);
        const user = resolveUserKey(ctx, key);
        return isReply(user) ? user : listMemberOf(ctx, user, restRaw[1]);
      }),
    );
  }
  if (isMe && rest[0] === "people" && rest.length === 1) return only("GET", read(listPeople));
  if (rest[0] === "manager" && rest.length === 1)
    return only(
      "GET",
      read((ctx) => getManager(ctx, key)),
    );
  if (isMe && rest[0] === "sendmail" && rest.length === 1) return only("POST", { kind: "write", tapWrite: false, handle: sendMail });

  if (rest[0] === "authentication" && rest[1] === "temporaryaccesspassmethods") {
    if (rest.length === 2) {
      if (method === "GET") return read((ctx) => listPasses(ctx, key));
      if (method === "POST") {
        if (key === null) return methodNotAllowed(ids);
        return { kind: "write", tapWrite: true, handle: (ctx) => createPass(ctx, key) };
      }
      return methodNotAllowed(ids);
    }
    if (rest.length === 3) {
      const passId = restRaw[2] ?? "";
      if (method === "GET") return read((ctx) => getPass(ctx, key, passId));
      if (method === "DELETE") return { kind: "write", tapWrite: true, handle: (ctx) => deletePass(ctx, key, passId) };
      return methodNotAllowed(ids);
    }
  }
  return segmentNotFound(ids, restRaw[0] ?? "");
}
