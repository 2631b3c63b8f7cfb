import { useMsal } from "@azure/msal-react";
import type { AccountInfo } from "@azure/msal-browser";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The template ids of the admin's active, tenant-wide directory roles, from the ID token's `wids`
 * claim. Entra adds the claim only when the app manifest sets `groupMembershipClaims` to
 * "DirectoryRole" or "All"; null when it is absent (then roles are unknown, not "none").
 * Read from the ID token only: an access token belongs to Graph and is never parsed here.
 */
export function roleTemplateIdsFromClaims(claims: unknown): string[] | null {
  if (typeof claims !== "object" || claims === null || !("wids" in claims)) return null;
  const wids: unknown = claims.wids;
  if (!Array.isArray(wids)) return null;
  return wids.filter((id): id is string => typeof id === "string" && GUID.test(id)).map((id) => id.toLowerCase());
}

export function accountRoleTemplateIds(account: AccountInfo | null): string[] | null {
  return roleTemplateIdsFromClaims(account?.idTokenClaims);
}

/** The signed-in account's `wids` (null when the token carries none). */
export function useSignedInRoleClaim(): string[] | null {
  const { instance, accounts } = useMsal();
  return accountRoleTemplateIds(instance.getActiveAccount() ?? accounts[0] ?? null);
}
