import * as v from "valibot";
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

/** Graph's documented examples say `innerError`, its schema `innererror`: names are read in any case. */
function lowerCaseKeys(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const lower = key.toLowerCase();
    // An exact camel-case name wins over another casing of it.
    if (!(lower in result) || key === lower) result[lower] = entry;
  }
  return result;
}

/** Text or nothing: an empty string, a wrong type or null all read as "not sent" (the caller falls back). */
const errorText = v.fallback(
  v.pipe(
    v.nullish(v.string()),
    v.transform((text) => (text ? text : null)),
  ),
  null,
);

const innerErrorShape = v.object({ code: errorText, message: errorText, "request-id": errorText });

/** `{ error: { code, message, innerError: { code, message, request-id } } }` after lowerCaseKeys. */
const errorBodyShape = v.object({
  error: v.pipe(
    v.unknown(),
    v.transform(lowerCaseKeys),
    v.object({
      code: errorText,
      message: errorText,
      innererror: v.fallback(v.pipe(v.unknown(), v.transform(lowerCaseKeys), v.nullable(innerErrorShape)), null),
    }),
  ),
});

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
  const errorBody = v.safeParse(errorBodyShape, lowerCaseKeys(parsed));
  const retryAfter = parseRetryAfter(headerValue(headers, "retry-after"), nowMs);
  const headerRequestId = headerValue(headers, "request-id");
  // A claims challenge (Conditional Access) is a structured header parameter, not message wording.
  const claimsChallenge = /\bclaims\s*=/i.test(headerValue(headers, "www-authenticate") ?? "");

  if (errorBody.success) {
    const { error } = errorBody.output;
    const inner = error.innererror;
    const code = error.code ?? DEFAULT_CODES[status] ?? `http${status}`;
    return new GraphError({
      status,
      code,
      message: error.message ?? inner?.message ?? `Microsoft Graph answered ${status} (${code}).`,
      requestId: inner?.["request-id"] ?? headerRequestId,
      retryAfter,
      innerCode: inner?.code ?? null,
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
