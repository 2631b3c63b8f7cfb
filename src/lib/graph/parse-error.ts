import { GraphError } from "./graph-error";

/** Headers as a plain record (batch inner responses) or a fetch Headers object. */
export type HeaderSource = Record<string, string> | Headers | null | undefined;

/** Reads a header by name, ignoring case (batch inner headers arrive in any casing). */
export function headerValue(headers: HeaderSource, name: string): string | null {
  if (!headers) return null;
  if (typeof Headers !== "undefined" && headers instanceof Headers) return headers.get(name);
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && typeof value === "string") return value;
  }
  return null;
}

/**
 * Retry-After as seconds: a (possibly fractional, e.g. "2.128") number, or an HTTP-date measured
 * against `nowMs`. Unreadable or nonsensical values give null so callers fall back to backoff.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === "") return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  // Only accept something that looks like an HTTP-date, not any string Date.parse tolerates.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, (at - nowMs) / 1000);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function propertyIgnoringCase(source: Record<string, unknown>, name: string): unknown {
  if (name in source) return source[name];
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(source)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function parseJsonIfText(body: unknown): unknown {
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

const DEFAULT_CODES: Record<number, string> = {
  400: "badRequest",
  401: "unauthenticated",
  403: "accessDenied",
  404: "itemNotFound",
  409: "conflict",
  429: "TooManyRequests",
  500: "generalException",
  502: "badGateway",
  503: "serviceNotAvailable",
  504: "gatewayTimeout",
};

/**
 * Turns any non-2xx Graph answer into a GraphError. `body` may be the parsed JSON, raw text, or
 * nothing; `innerError`/`innererror` are read in any casing; the request id comes from the body
 * or, failing that, the `request-id` header.
 */
export function toGraphError(status: number, body: unknown, headers?: HeaderSource, nowMs?: number): GraphError {
  const parsed = parseJsonIfText(body);
  const errorObject = isRecord(parsed) ? propertyIgnoringCase(parsed, "error") : undefined;
  const retryAfter = parseRetryAfter(headerValue(headers, "retry-after"), nowMs);
  const headerRequestId = headerValue(headers, "request-id");
  // A claims challenge (Conditional Access) is a structured header parameter, not message wording.
  const claimsChallenge = /\bclaims\s*=/i.test(headerValue(headers, "www-authenticate") ?? "");

  if (isRecord(errorObject)) {
    const inner = propertyIgnoringCase(errorObject, "innerError");
    const innerRecord = isRecord(inner) ? inner : {};
    const code = stringOrNull(propertyIgnoringCase(errorObject, "code")) ?? DEFAULT_CODES[status] ?? `http${status}`;
    const message =
      stringOrNull(propertyIgnoringCase(errorObject, "message")) ??
      stringOrNull(propertyIgnoringCase(innerRecord, "message")) ??
      `Microsoft Graph answered ${status} (${code}).`;
    return new GraphError({
      status,
      code,
      message,
      requestId: stringOrNull(propertyIgnoringCase(innerRecord, "request-id")) ?? headerRequestId,
      retryAfter,
      innerCode: stringOrNull(propertyIgnoringCase(innerRecord, "code")),
      claimsChallenge,
    });
  }

  const snippet = typeof parsed === "string" ? parsed.trim().slice(0, 200) : "";
  return new GraphError({
    status,
    code: DEFAULT_CODES[status] ?? `http${status}`,
    message: snippet
      ? `Microsoft Graph answered ${status}: ${snippet}`
      : `Microsoft Graph answered ${status} without an error description.`,
    requestId: headerRequestId,
    retryAfter,
    claimsChallenge,
  });
}
