import { graphError, ok, requireScope } from "./context.ts";
import type { GraphContext, GraphReply } from "./context.ts";
import { isReply, parseSelect, projectUser, resolveUserKey } from "./users.ts";

/**
 * GET /users/{id}/manager (and /me/manager): the manager as a user, or 404 `Request_ResourceNotFound`
 * when none is set (graph-reference §0.6). Same scope as reading the user.
 */
export function getManager(ctx: GraphContext, key: string | null): GraphReply {
  const denied = key === null ? requireScope(ctx, "User.Read", "User.Read.All") : requireScope(ctx, "User.Read.All");
  if (denied) return denied;
  const selection = parseSelect(ctx);
  if (isReply(selection)) return selection;
  const user = key === null ? ctx.principal.user : resolveUserKey(ctx, key);
  if (isReply(user)) return user;
  const manager = user.managerId === null ? undefined : ctx.tenant.usersById.get(user.managerId);
  if (!manager) {
    return graphError(
      404,
      "Request_ResourceNotFound",
      "Resource 'manager' does not exist or one of its queried reference-property objects are not present.",
      ctx,
    );
  }
  return ok({
    "@odata.context": `${ctx.server.baseUrl}/v1.0/$metadata#directoryObjects/$entity`,
    "@odata.type": "#microsoft.graph.user",
    ...projectUser(manager, selection),
  });
}

/** One message `POST /me/sendMail` accepted, as the control API shows it. */
export interface SentMailRecord {
  seq: number;
  sentAt: string;
  requestId: string;
  from: { id: string; userPrincipalName: string; mail: string | null };
  subject: string;
  contentType: "Text" | "HTML";
  body: string;
  toRecipients: string[];
  ccRecipients: string[];
  bccRecipients: string[];
  saveToSentItems: boolean;
}

/** A recipient the control API made fail: Graph's 503 (or 429 with Retry-After), `times` answers long (null = always). */
export interface MailFailure {
  status: 503 | 429;
  times: number | null;
}

// The emulator's generic 400s (Graph's wording for unreadable payloads and unknown properties).
function unreadable(ctx: GraphContext): GraphReply {
  return graphError(
    400,
    "BadRequest",
    "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    ctx,
  );
}

function unknownProperty(ctx: GraphContext, key: string, type: string): GraphReply {
  return graphError(
    400,
    "BadRequest",
    `The property '${key}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
    ctx,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const messageProperties = new Set(["subject", "body", "toRecipients", "ccRecipients", "bccRecipients", "importance", "@odata.type"]);

/** The addresses of a recipient list, or null when it is not `[{emailAddress:{address,name?}}]`. */
function addressesOf(value: unknown): string[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return null;
  const out: string[] = [];
  for (const entry of value) {
    if (!isRecord(entry) || !isRecord(entry.emailAddress)) return null;
    const address = entry.emailAddress.address;
    if (typeof address !== "string" || !/^[^@\s]+@[^@\s]+$/.test(address)) return null;
    out.push(address);
  }
  return out;
}

/**
 * POST /me/sendMail: needs `Mail.Send` in the token; `{message, saveToSentItems}` → 202 with no body.
 * Each accepted message is recorded on the tenant for the control API (`/sent-mail`).
 */
export function sendMail(ctx: GraphContext): GraphReply {
  const denied = requireScope(ctx, "Mail.Send");
  if (denied) return denied;
  const body = ctx.call.body;
  if (!isRecord(body) || !isRecord(body.message)) return unreadable(ctx);
  for (const key of Object.keys(body)) {
    if (key !== "message" && key !== "saveToSentItems") return unknownProperty(ctx, key, "microsoft.graph.sendMail");
  }
  if (body.saveToSentItems !== undefined && typeof body.saveToSentItems !== "boolean") {
    return graphError(
      400,
      "BadRequest",
      `Cannot convert the literal '${String(body.saveToSentItems)}' to the expected type 'Edm.Boolean'.`,
      ctx,
    );
  }
  const message = body.message;
  for (const key of Object.keys(message)) if (!messageProperties.has(key)) return unknownProperty(ctx, key, "microsoft.graph.message");
  if (message.subject !== undefined && typeof message.subject !== "string") return unreadable(ctx);
  let contentType: "Text" | "HTML" = "Text";
  let content = "";
  if (message.body !== undefined) {
    if (!isRecord(message.body) || typeof message.body.content !== "string") return unreadable(ctx);
    const type = message.body.contentType ?? "Text";
    if (typeof type !== "string" || !/^(text|html)$/i.test(type)) return unreadable(ctx);
    contentType = type.toLowerCase() === "html" ? "HTML" : "Text";
    content = message.body.content;
  }
  const to = addressesOf(message.toRecipients);
  const cc = addressesOf(message.ccRecipients);
  const bcc = addressesOf(message.bccRecipients);
  if (to === null || cc === null || bcc === null || to.length + cc.length + bcc.length === 0) return unreadable(ctx);

  const tenant = ctx.tenant;
  for (const address of [...to, ...cc, ...bcc]) {
    const failure = tenant.mailFailures.get(address.toLowerCase());
    if (!failure) continue;
    if (failure.times !== null) {
      failure.times -= 1;
      if (failure.times <= 0) tenant.mailFailures.delete(address.toLowerCase());
    }
    if (failure.status === 429) {
      return graphError(429, "TooManyRequests", "Please retry again later.", ctx, {
        headers: { "Retry-After": "1" },
        inner: { code: "429", status: "429", message: "Please retry after" },
      });
    }
    return graphError(503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry later.", ctx);
  }
  const sender = ctx.principal.user;
  tenant.sentMail.push({
    seq: tenant.sentMail.length + 1,
    sentAt: new Date(ctx.now).toISOString(),
    requestId: ctx.requestId,
    from: { id: sender.id, userPrincipalName: sender.userPrincipalName, mail: sender.mail },
    subject: typeof message.subject === "string" ? message.subject : "",
    contentType,
    body: content,
    toRecipients: to,
    ccRecipients: cc,
    bccRecipients: bcc,
    saveToSentItems: body.saveToSentItems !== false,
  });
  // The recorded request id is the one the answer carries, so a test can tie the two together.
  return { status: 202, headers: { "request-id": ctx.requestId, "client-request-id": ctx.clientRequestId } };
}
