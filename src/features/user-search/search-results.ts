import type { DirectoryUser, Person } from "../../lib/graph/types";
import { isExternalGuest } from "../../domain/guest-origin";
import type { Candidate } from "../../lib/tap/run-types";

/**
 * People the admin works with come first (in the people API's relevance order), then the other
 * directory matches in the order Graph returned them. Only directory users are returned: a person
 * carries none of the account facts (enabled, guest) the picker must show, so people who are not
 * among the directory results are left out rather than shown half-known.
 */
export function blendResults(directoryUsers: readonly DirectoryUser[], people: readonly Person[]): DirectoryUser[] {
  const unique = uniqueById(directoryUsers);
  const byUpn = new Map<string, DirectoryUser>();
  for (const user of unique) {
    const key = upnKey(user.userPrincipalName);
    if (key && !byUpn.has(key)) byUpn.set(key, user);
  }

  const first: DirectoryUser[] = [];
  const taken = new Set<string>();
  for (const person of people) {
    const user = byUpn.get(upnKey(person.userPrincipalName));
    if (user && !taken.has(user.id)) {
      first.push(user);
      taken.add(user.id);
    }
  }
  return [...first, ...unique.filter((user) => !taken.has(user.id))];
}

function uniqueById(users: readonly DirectoryUser[]): DirectoryUser[] {
  const seen = new Set<string>();
  return users.filter((user) => (seen.has(user.id) ? false : (seen.add(user.id), true)));
}

// UPNs are case-insensitive in Entra; the people API may spell them differently from /users.
function upnKey(upn: string | null | undefined): string {
  return (upn ?? "").trim().toLowerCase();
}

export type AccountBadgeKind = "guest-external" | "guest" | "disabled";

export interface AccountBadge {
  kind: AccountBadgeKind;
  label: string;
}

/**
 * What sets this account apart from an ordinary enabled member. External (B2B) guests cannot get a
 * pass at all and internal guests can, so the two are told apart.
 */
export function describeAccount(user: DirectoryUser): AccountBadge[] {
  const badges: AccountBadge[] = [];
  if (user.userType === "Guest") {
    badges.push(isExternalGuest(user) ? { kind: "guest-external", label: "Guest (external)" } : { kind: "guest", label: "Guest" });
  }
  if (user.accountEnabled === false) badges.push({ kind: "disabled", label: "Disabled" });
  return badges;
}

/** "Job title · Department", or null when neither is known. */
export function describeRole(user: DirectoryUser): string | null {
  const parts = [user.jobTitle, user.department].map((part) => part?.trim()).filter((part): part is string => Boolean(part));
  return parts.length === 0 ? null : parts.join(" · ");
}

/** The name to show; a user without a display name is shown by UPN. */
export function displayNameOf(user: DirectoryUser): string {
  return user.displayName?.trim() || user.userPrincipalName;
}

/** Picked users as run candidates; the user is already resolved, so preflight need not look them up. */
export function toCandidates(users: readonly DirectoryUser[]): Candidate[] {
  return users.map((user) => ({
    rowId: `search-${user.id}`,
    line: null,
    identifier: user.id,
    overrides: {},
    user,
  }));
}
