import { createHash } from "node:crypto";
import type { DirectoryUserRecord, GroupRecord } from "../directory-seed.ts";
import { graphError, ok, requireScope } from "./context.ts";
import type { GraphContext, GraphReply } from "./context.ts";
import { cachedSearchTokens, fold, levenshteinAtMostOne, searchTokens } from "./text-match.ts";

/** Person ids are not the user object ids (not confirmed either way), so clients must resolve by UPN. */
function personId(seedId: string, viewerId: string): string {
  const hex = createHash("sha1").update(`person:${viewerId}:${seedId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function affinity(viewer: DirectoryUserRecord, other: DirectoryUserRecord): number {
  const h = createHash("sha1").update(`${viewer.id}|${other.id}`).digest();
  let score = (h[0] ?? 0) / 255;
  if (other.department !== null && other.department === viewer.department) score += 1;
  if (other.id === viewer.managerId || other.managerId === viewer.id) score += 2;
  return score;
}

function tokenScore(wanted: string, tokens: string[]): number {
  let best = 0;
  for (const t of tokens) {
    if (t === wanted) best = Math.max(best, 3);
    else if (t.startsWith(wanted)) best = Math.max(best, 2);
    else if (wanted.length >= 4 && levenshteinAtMostOne(wanted, t.slice(0, wanted.length + 1))) best = Math.max(best, 1);
    else if (wanted.length >= 4 && levenshteinAtMostOne(wanted, t)) best = Math.max(best, 1);
  }
  return best;
}

function matchScore(query: string[], candidateTokens: string[]): number {
  let total = 0;
  for (const q of query) {
    const s = tokenScore(q, candidateTokens);
    if (s === 0) return 0;
    total += s;
  }
  return total;
}

const userTokenCache = new WeakMap<DirectoryUserRecord, string[]>();

function userTokens(user: DirectoryUserRecord): string[] {
  let tokens = userTokenCache.get(user);
  if (!tokens) {
    const alias = fold(user.userPrincipalName.split("@")[0] ?? "");
    tokens = [...cachedSearchTokens(user.displayName), alias, ...alias.split(/[.\-_']/)];
    userTokenCache.set(user, tokens);
  }
  return tokens;
}

function personFromUser(user: DirectoryUserRecord, viewer: DirectoryUserRecord, relevance: number): Record<string, unknown> {
  const address = user.mail ?? user.userPrincipalName;
  return {
    id: personId(user.id, viewer.id),
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    birthday: "",
    personNotes: "",
    isFavorite: false,
    jobTitle: user.jobTitle,
    companyName: user.companyName,
    yomiCompany: "",
    department: user.department,
    officeLocation: user.officeLocation,
    profession: "",
    userPrincipalName: user.userPrincipalName,
    imAddress: `sip:${user.userPrincipalName.toLowerCase()}`,
    scoredEmailAddresses: [{ address, relevanceScore: Math.round(relevance * 10) / 10, selectionLikelihood: "notSpecified" }],
    phones: user.businessPhones.map((number) => ({ type: "business", number })),
    postalAddresses: [],
    websites: [],
    personType: { class: "Person", subclass: "OrganizationUser" },
  };
}

function personFromGroup(group: GroupRecord, viewer: DirectoryUserRecord, relevance: number): Record<string, unknown> {
  return {
    id: personId(group.id, viewer.id),
    displayName: group.displayName,
    givenName: null,
    surname: null,
    birthday: "",
    personNotes: "",
    isFavorite: false,
    jobTitle: null,
    companyName: null,
    yomiCompany: "",
    department: null,
    officeLocation: null,
    profession: "",
    userPrincipalName: "",
    imAddress: null,
    scoredEmailAddresses: [{ address: group.mail, relevanceScore: Math.round(relevance * 10) / 10, selectionLikelihood: "notSpecified" }],
    phones: [],
    postalAddresses: [],
    websites: [],
    personType: { class: "Group", subclass: "UnifiedGroup" },
  };
}

export function listPeople(ctx: GraphContext): GraphReply {
  const denied = requireScope(ctx, "People.Read", "People.Read.All");
  if (denied) return denied;
  const rawSearch = ctx.query.get("$search");
  if (rawSearch !== null && ctx.query.has("$skip")) {
    return graphError(400, "ErrorInvalidParameter", "$skip is not supported with $search.", ctx);
  }
  let top = 10;
  const topRaw = ctx.query.get("$top");
  if (topRaw !== null) {
    top = /^\d+$/.test(topRaw) ? Number(topRaw) : Number.NaN;
    if (!Number.isInteger(top) || top < 1 || top > 1000) {
      return graphError(400, "ErrorInvalidParameter", `Invalid value '${topRaw}' for $top.`, ctx);
    }
  }
  const viewer = ctx.principal.user;
  const query = rawSearch === null ? [] : searchTokens(rawSearch.replace(/^"(.*)"$/s, "$1"));
  const scored: { score: number; person: Record<string, unknown> }[] = [];
  for (const user of ctx.tenant.directory.users) {
    if (user.id === viewer.id || !user.accountEnabled || user.externalUserState !== null) continue;
    if (query.length === 0) {
      const a = affinity(viewer, user);
      if (a >= 1) scored.push({ score: a, person: personFromUser(user, viewer, a * 10) });
      continue;
    }
    const m = matchScore(query, userTokens(user));
    if (m > 0) {
      const score = m * 10 + affinity(viewer, user);
      scored.push({ score, person: personFromUser(user, viewer, score) });
    }
  }
  for (const group of ctx.tenant.directory.groups) {
    const m = query.length === 0 ? 0 : matchScore(query, cachedSearchTokens(group.displayName));
    if (m > 0) scored.push({ score: m * 10 - 0.5, person: personFromGroup(group, viewer, m * 10 - 0.5) });
  }
  scored.sort((x, y) => y.score - x.score);
  const team = ctx.tenant.directory.groups[0];
  // Without a search the user's own team shows up among the top entries, as groups do in real results.
  if (query.length === 0 && team) scored.splice(2, 0, { score: 0, person: personFromGroup(team, viewer, 5) });
  const value = scored.slice(0, Math.min(top, 250)).map((s) => s.person);
  return ok({ "@odata.context": `${ctx.server.baseUrl}/v1.0/$metadata#users('${viewer.id}')/people`, value });
}
