import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useGraphClient } from "../../lib/graph/graph-client-context";
import type { DirectoryUser } from "../../lib/graph/types";
import { blendResults } from "./search-results";
import { useDebouncedValue } from "./use-debounced-value";
import { directorySearchQuery, isSearchable, isThrottled, peopleSearchQuery, toSearchTerm } from "./user-search-queries";

export type UserSearchStatus = "short" | "loading" | "throttled" | "error" | "empty" | "results";

export interface UserSearchView {
  status: UserSearchStatus;
  /** The term the shown users and messages belong to. */
  term: string;
  /** Ranked matches; while loading, the previous term's matches stay visible to avoid flicker. */
  users: DirectoryUser[];
  error: unknown;
}

/** Debounced directory search for typed text, people-you-work-with first. */
export function useUserSearch(input: string): UserSearchView {
  const client = useGraphClient();
  const term = toSearchTerm(input);
  const searched = useDebouncedValue(term);
  const directory = useQuery(directorySearchQuery(client, searched));
  const people = useQuery(peopleSearchQuery(client, searched));
  const users = useMemo(
    () => blendResults([...(directory.data ?? []), ...(people.data?.users ?? [])], people.data?.people ?? []),
    [directory.data, people.data],
  );

  if (!isSearchable(term)) return { status: "short", term, users: [], error: null };
  if (term !== searched) return { status: "loading", term, users, error: null };
  if (directory.isError) return { status: "error", term, users: [], error: directory.error };
  if (directory.isFetching && isThrottled(directory.failureReason)) return { status: "throttled", term, users, error: null };
  // Wait for the people ordering too, so results do not reshuffle under the admin's arrow keys.
  const settled = directory.isSuccess && !directory.isPlaceholderData && people.isSuccess && !people.isPlaceholderData;
  if (!settled) return { status: "loading", term, users, error: null };
  return { status: users.length === 0 ? "empty" : "results", term, users, error: null };
}
