import type { DirectoryUser, Person, TemporaryAccessPassMethod } from "../../lib/graph/types";
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

/** Case and accents set aside, so "ange" finds "Ängel" as its first letters. */
function folded(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}

/**
 * How closely a user matches the typed text: 0 when their name (or UPN) starts with it, 1 when one
 * of the name's words does, 2 for any other match the directory returned (a partial one).
 */
export function matchRank(user: DirectoryUser, term: string): 0 | 1 | 2 {
  const typed = folded(term.trim());
  if (typed === "") return 2;
  const name = folded(displayNameOf(user));
  if (name.startsWith(typed) || folded(user.userPrincipalName).startsWith(typed)) return 0;
  if (name.split(/[\s\-'’.,]+/).some((word) => word !== "" && word.startsWith(typed))) return 1;
  return 2;
}

/** An exact name prefix first, then a word of the name, then partial matches; ties keep their order (people first). */
export function rankByNamePrefix(users: readonly DirectoryUser[], term: string): DirectoryUser[] {
  return users
    .map((user, index) => ({ user, index, rank: matchRank(user, term) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ user }) => user);
}

/** Someone whose name another person among these also has: the chip shows the UPN to tell them apart. */
export function hasNamesake(user: DirectoryUser, others: readonly DirectoryUser[]): boolean {
  const name = folded(displayNameOf(user));
  return others.some((other) => other.id !== user.id && folded(displayNameOf(other)) === name);
}

export type HeldPassBadge = "Holds a pass" | "Holds a pass that starts later";

/**
 * The badge for someone who already holds a pass that works or starts later (a new one would replace
 * it), from the service's own usability answer; none for a spent pass, none when nothing is known.
 */
export function heldPassBadge(passes: readonly TemporaryAccessPassMethod[] | null | undefined): HeldPassBadge | null {
  if (!passes) return null;
  if (passes.some((pass) => pass.isUsable)) return "Holds a pass";
  if (passes.some((pass) => pass.methodUsabilityReason === "NotYetValid")) return "Holds a pass that starts later";
  return null;
}
