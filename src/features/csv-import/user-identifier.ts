import type { RowReasonCode } from "./import-types";
import { isControlCode } from "./decode-bytes";

/** Entra limits: a UPN has at most 113 characters, at most 64 of them before the `@`. */
export const MAX_UPN_LENGTH = 113;
export const MAX_UPN_LOCAL_LENGTH = 64;

export type IdentifierKind = "upn" | "guid";

export type IdentifierCheck = { ok: true; kind: IdentifierKind; value: string } | { ok: false; code: RowReasonCode; reason: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUEST_MARKER = "#EXT#";

function fail(code: RowReasonCode, reason: string): IdentifierCheck {
  return { ok: false, code, reason };
}

function isAsciiLetterOrDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Entra's UPN local-part alphabet: A–Z a–z 0–9 ' . - _ ! # ^ ~ */
function isLocalPartChar(c: number): boolean {
  return (
    isAsciiLetterOrDigit(c) || c === 0x27 || c === 0x2e || c === 0x2d || c === 0x5f || c === 0x21 || c === 0x23 || c === 0x5e || c === 0x7e
  );
}

function isWhitespace(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function checkDomain(domain: string): boolean {
  const labels = domain.split(".");
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) return false;
    if (label.charCodeAt(0) === 0x2d || label.charCodeAt(label.length - 1) === 0x2d) return false;
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      if (!isAsciiLetterOrDigit(c) && c !== 0x2d) return false;
    }
  }
  const tld = labels[labels.length - 1] ?? "";
  return /[a-z]/i.test(tld);
}

/**
 * Decides whether a (trimmed) cell is a user principal name or an object id (GUID) that is safe to put in a
 * Graph path. Hostile input (path traversal, query strings, percent-encoding, quotes, controls) is refused
 * with a reason. Scans characters directly, so no regex can backtrack on long input.
 */
export function checkUserIdentifier(value: string): IdentifierCheck {
  if (value.length === 0) return fail("empty", "empty: no user in this row");

  for (let i = 0; i < value.length; i++) {
    if (isControlCode(value.charCodeAt(i))) return fail("control-character", "contains a control character");
  }
  if (value.length > MAX_UPN_LENGTH) {
    return fail("too-long", `too long: ${value.length} characters (a user principal name has at most ${MAX_UPN_LENGTH})`);
  }
  if (GUID.test(value)) return { ok: true, kind: "guid", value };

  if (value.slice(0, 7).toLowerCase() === "mailto:") return fail("mailto", "starts with “mailto:” — remove it and keep only the address");
  const first = value.charCodeAt(0);
  if (first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40) {
    return fail("formula", "looks like a spreadsheet formula (starts with =, +, - or @), not a user name");
  }
  if (first === 0x24) return fail("leading-dollar", "starts with “$”, which Graph can't take as a user key");

  if (value.includes("..")) return fail("dot-dot", "contains “..”, which a user name can't have");
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isWhitespace(c)) return fail("whitespace", "contains a space or other blank character");
    switch (c) {
      case 0x2f: // /
      case 0x5c: // \
        return fail("forbidden-character", "contains a slash (/ or \\), which a user name can't have");
      case 0x3f:
        return fail("forbidden-character", "contains “?”, which a user name can't have");
      case 0x25:
        return fail("forbidden-character", "contains “%” (percent-encoding isn't allowed in user names)");
      case 0x22:
        return fail("forbidden-character", 'contains a double quote (")');
      case 0x3c:
      case 0x3e:
        return fail("forbidden-character", "contains “<” or “>”");
    }
  }

  const at = value.indexOf("@");
  if (at === -1 || value.indexOf("@", at + 1) !== -1) {
    return fail("not-upn-or-guid", "not a user principal name (name@domain) or an object ID");
  }
  let local = value.slice(0, at);
  const domain = value.slice(at + 1);

  const hash = local.indexOf("#");
  if (hash !== -1) {
    // Guests: `AdeleV_adatum.com#EXT#@contoso.com` — the only '#' allowed is that one marker right before '@'.
    const markerAt = local.length - GUEST_MARKER.length;
    if (hash !== markerAt || local.slice(markerAt).toUpperCase() !== GUEST_MARKER || markerAt === 0) {
      return fail("hash", "contains “#” outside a guest account's #EXT# marker");
    }
    local = local.slice(0, markerAt);
  }

  if (at > MAX_UPN_LOCAL_LENGTH) {
    return fail("local-part-too-long", `the part before “@” is ${at} characters (at most ${MAX_UPN_LOCAL_LENGTH})`);
  }
  if (local.length === 0 || local.startsWith(".") || local.endsWith(".")) {
    return fail("not-upn-or-guid", "not a user principal name: the part before “@” is empty or starts or ends with a dot");
  }
  for (let i = 0; i < local.length; i++) {
    const c = local.charCodeAt(i);
    if (!isLocalPartChar(c)) {
      return fail("not-upn-or-guid", `not a user principal name: “${local[i]}” isn't allowed before the “@”`);
    }
  }
  if (!checkDomain(domain)) return fail("not-upn-or-guid", "not a user principal name: the domain after “@” isn't valid");
  return { ok: true, kind: "upn", value };
}

export function isUserIdentifier(value: string): boolean {
  return checkUserIdentifier(value).ok;
}

/** Case-insensitive key used to spot the same user twice. */
export function identifierKey(identifier: string): string {
  return identifier.toLowerCase();
}
