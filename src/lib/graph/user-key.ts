/**
 * Builds the `/users/{key}` path for an object id or a *raw* (not yet encoded) userPrincipalName.
 * The CSV layer validates UPNs earlier; this is defense in depth so a malformed key can never
 * address a different resource (path traversal, injected query, fragment).
 */
export class InvalidUserKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidUserKeyError";
  }
}

// Control characters, path and query delimiters, and "%" (a pre-encoded key would be encoded twice).
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f/\\?%]/;

export function userSegment(idOrUpn: string): string {
  if (idOrUpn.trim() === "") throw new InvalidUserKeyError("A user key must not be empty.");
  if (idOrUpn !== idOrUpn.trim()) throw new InvalidUserKeyError("A user key must not start or end with spaces.");
  if (idOrUpn.length > 1024) throw new InvalidUserKeyError("A user key is too long.");
  if (FORBIDDEN.test(idOrUpn)) {
    throw new InvalidUserKeyError(`A user key must not contain "/", "\\", "?", "%" or control characters.`);
  }
  if (idOrUpn.includes("..")) throw new InvalidUserKeyError(`A user key must not contain "..".`);
  // Graph reads /users/$x as a system path; the CSV step refuses such names and picked users come by id.
  if (idOrUpn.startsWith("$")) throw new InvalidUserKeyError(`A user key must not start with "$".`);
  // encodeURIComponent turns "#" (guest UPNs: "#EXT#") into %23 and keeps "'" as is; "@" is legal in
  // a path segment, so keep it readable as in Graph's own examples.
  return encodeURIComponent(idOrUpn).replaceAll("%40", "@");
}

/** `/users/{key}` for an object id or raw UPN. */
export function userPath(idOrUpn: string): string {
  return `/users/${userSegment(idOrUpn)}`;
}
