import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";
import {
  isOrganizationUser,
  listMyPeople,
  listTemporaryAccessPassMethodsOf,
  listUsers,
  type ListUsersQuery,
} from "../../lib/graph/operations";
import {
  buildPeopleSearchExpression,
  buildStartsWithFilter,
  buildUserSearchExpression,
  cleanSearchText,
  escapeODataString,
} from "../../lib/graph/search-query";
import type { DirectoryUser, GraphClient, Person } from "../../lib/graph/types";

export const MIN_SEARCH_LENGTH = 2;
const DIRECTORY_PAGE_SIZE = 15;
const PEOPLE_PAGE_SIZE = 10;
const SEARCH_STALE_MS = 60_000;
const MAX_THROTTLE_RETRIES = 3;
const MAX_RETRY_DELAY_MS = 30_000;

export const userSearchKeys = {
  all: ["user-search"] as const,
  directory: (term: string) => [...userSearchKeys.all, "directory", term] as const,
  people: (term: string) => [...userSearchKeys.all, "people", term] as const,
  heldPasses: (userIds: readonly string[]) => [...userSearchKeys.all, "held-passes", [...userIds].sort().join(" ")] as const,
};

/**
 * The typed text as it will be searched for. cleanSearchText caps the length by UTF-16 units and can
 * split an emoji in two; a lone surrogate makes encodeURIComponent throw, so it is dropped here.
 */
export function toSearchTerm(input: string): string {
  return cleanSearchText(input)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
    .trim();
}

export function isSearchable(term: string): boolean {
  return [...term].length >= MIN_SEARCH_LENGTH;
}

/** `adele.v`, `adelev@contoso` — text an admin copied from a UPN or mail address rather than a name. */
export function looksLikeUpnPrefix(term: string): boolean {
  return /[@.]/.test(term) && !/\s/.test(term);
}

/**
 * UPN-like text is matched with a plain startswith $filter: it reads the directory directly (a user
 * created a minute ago is found, while the $search index is eventually consistent) and avoids the
 * tokeniser's handling of `@` and `.`. Anything else is a $search over name, UPN and mail.
 */
export function directorySearchRequest(term: string): ListUsersQuery {
  if (looksLikeUpnPrefix(term)) {
    return { filter: buildStartsWithFilter(term, ["displayName", "userPrincipalName", "mail"]), top: DIRECTORY_PAGE_SIZE };
  }
  return { search: buildUserSearchExpression(term), top: DIRECTORY_PAGE_SIZE };
}

export function isThrottled(error: unknown): error is GraphError {
  return error instanceof GraphError && (error.status === 429 || (error.status === 503 && error.retryAfter !== null));
}

/** Throttling is retried (waiting as Graph asked); one more try for outages; a wrong request never. */
export function shouldRetrySearch(failureCount: number, error: unknown): boolean {
  if (isThrottled(error)) return failureCount < MAX_THROTTLE_RETRIES;
  if (error instanceof GraphNetworkError) return error.reason !== "aborted" && failureCount < 1;
  if (error instanceof GraphError) return error.status >= 500 && failureCount < 1;
  return false;
}

export function searchRetryDelay(failureCount: number, error: unknown): number {
  if (error instanceof GraphError && error.retryAfter !== null) {
    return Math.min(Math.max(0, error.retryAfter * 1000), MAX_RETRY_DELAY_MS);
  }
  return Math.min(1000 * 2 ** failureCount, MAX_RETRY_DELAY_MS);
}

export const directorySearchQuery = (client: GraphClient, term: string) =>
  queryOptions({
    queryKey: userSearchKeys.directory(term),
    queryFn: async ({ signal }): Promise<DirectoryUser[]> => {
      const page = await listUsers(client, directorySearchRequest(term), { signal });
      return page.value;
    },
    enabled: isSearchable(term),
    placeholderData: keepPreviousData,
    staleTime: SEARCH_STALE_MS,
    retry: shouldRetrySearch,
    retryDelay: searchRetryDelay,
  });

/** `userPrincipalName in ('a@x','b@x')`: a plain filter, so no ConsistencyLevel is needed. */
export function userPrincipalNamesFilter(upns: readonly string[]): string {
  return `userPrincipalName in (${upns.map((upn) => `'${escapeODataString(upn)}'`).join(",")})`;
}

export interface PeopleMatches {
  /** Organisation users from /me/people, in relevance order. */
  people: Person[];
  /** The same people as directory users, so the picker can show their account facts. */
  users: DirectoryUser[];
}

const NO_PEOPLE: PeopleMatches = { people: [], users: [] };

/**
 * People the admin works with, used to put them first. They are looked up in the directory too: a
 * 2-letter $search over a large tenant returns 15 arbitrary matches that rarely include them. Any
 * failure (People.Read not granted, throttling, outage) yields no people, so search quietly stays
 * directory-only.
 */
export const peopleSearchQuery = (client: GraphClient, term: string) =>
  queryOptions({
    queryKey: userSearchKeys.people(term),
    queryFn: async ({ signal }): Promise<PeopleMatches> => {
      const search = buildPeopleSearchExpression(term);
      if (!search) return NO_PEOPLE;
      try {
        const page = await listMyPeople(client, search, PEOPLE_PAGE_SIZE, { signal });
        const people = page.value.filter(isOrganizationUser);
        const upns = [...new Set(people.flatMap((person) => person.userPrincipalName?.trim() || []))];
        if (upns.length === 0) return NO_PEOPLE;
        try {
          const users = await listUsers(client, { filter: userPrincipalNamesFilter(upns), top: upns.length }, { signal });
          return { people, users: users.value };
        } catch (error) {
          if (signal.aborted) throw error;
          // The people can still order whichever of them the directory search returned.
          return { people, users: [] };
        }
      } catch (error) {
        if (signal.aborted) throw error;
        return NO_PEOPLE;
      }
    },
    enabled: isSearchable(term),
    placeholderData: keepPreviousData,
    staleTime: SEARCH_STALE_MS,
    retry: false,
  });

/**
 * The passes the picked people already hold, for a badge on their chips: one $batch of GETs for the
 * picked people only. A hint, never a gate: any failure leaves the chips without a badge (no retry,
 * no message) and picking never waits for it; the check reads passes again before anything is issued.
 */
export const heldPassesQuery = (client: GraphClient, userIds: readonly string[]) =>
  queryOptions({
    queryKey: userSearchKeys.heldPasses(userIds),
    queryFn: ({ signal }) => listTemporaryAccessPassMethodsOf(client, userIds, { signal }),
    enabled: userIds.length > 0,
    // The badges already shown stay while the read for one more person runs.
    placeholderData: keepPreviousData,
    staleTime: SEARCH_STALE_MS,
    retry: false,
  });
