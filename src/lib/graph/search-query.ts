/**
 * Turns free text typed by an admin into Graph `$search` and `$filter` expressions. The result is
 * still to be percent-encoded as a query value (operations.ts does that).
 */

const MAX_SEARCH_LENGTH = 120;

/** Removes control characters, collapses whitespace and trims; caps the length. */
export function cleanSearchText(input: string): string {
  return (
    input
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, MAX_SEARCH_LENGTH)
      .trim()
  );
}

/** Inside a `$search` clause, `\` and `"` are escaped with a backslash. */
export function escapeSearchClauseText(text: string): string {
  return text.replace(/[\\"]/g, (character) => `\\${character}`);
}

/** Inside an OData string literal a single quote is written twice. */
export function escapeODataString(text: string): string {
  return text.replaceAll("'", "''");
}

export type UserSearchProperty = "displayName" | "userPrincipalName" | "mail" | "givenName" | "surname";

/**
 * `"displayName:<text>" OR "userPrincipalName:<text>" OR "mail:<text>"`, or null when nothing
 * searchable is left. displayName matches tokens; the others behave like startswith.
 */
export function buildUserSearchExpression(
  input: string,
  properties: readonly UserSearchProperty[] = ["displayName", "userPrincipalName", "mail"],
): string | null {
  const text = cleanSearchText(input);
  if (text === "" || properties.length === 0) return null;
  const escaped = escapeSearchClauseText(text);
  return properties.map((property) => `"${property}:${escaped}"`).join(" OR ");
}

/** `$search` value for `/me/people`: a single quoted phrase. */
export function buildPeopleSearchExpression(input: string): string | null {
  const text = cleanSearchText(input);
  return text === "" ? null : `"${escapeSearchClauseText(text)}"`;
}

/** `startswith(displayName,'o''brien') or startswith(userPrincipalName,'o''brien')`, or null. */
export function buildStartsWithFilter(
  input: string,
  properties: readonly UserSearchProperty[] = ["displayName", "userPrincipalName"],
): string | null {
  const text = cleanSearchText(input);
  if (text === "" || properties.length === 0) return null;
  const literal = `'${escapeODataString(text)}'`;
  return properties.map((property) => `startswith(${property},${literal})`).join(" or ");
}
