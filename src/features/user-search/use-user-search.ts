import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useGraphClient } from "../../lib/graph/graph-client-context";
import type { DirectoryUser } from "../../lib/graph/types";
import { blendResults, heldPassBadge, rankByNamePrefix, type HeldPassBadge } from "./search-results";
import { useDebouncedValue } from "./use-debounced-value";
import { directorySearchQuery, heldPassesQuery, isSearchable, isThrottled, peopleSearchQuery, toSearchTerm } from "./user-search-queries";

export type UserSearchStatus = "short" | "loading" | "throttled" | "error" | "empty" | "results";

export interface UserSearchView {
  status: UserSearchStatus;
  /** The term the shown users and messages belong to. */
  term: string;
  /**
   * Ranked matches, only ever a settled list: while loading, the last settled matches stay visible to
   * avoid flicker, and the directory's order is never shown before the people ordering reshuffles it.
   */
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
    () => rankByNamePrefix(blendResults([...(directory.data ?? []), ...(people.data?.users ?? [])], people.data?.people ?? []), searched),
    [directory.data, people.data, searched],
  );

  // Wait for the people ordering too, so results do not reshuffle under the admin's arrow keys.
  const settled =
    isSearchable(searched) && directory.isSuccess && !directory.isPlaceholderData && people.isSuccess && !people.isPlaceholderData;
  const [shown, setShown] = useState<DirectoryUser[]>([]);
  if (settled && shown !== users) setShown(users);

  if (!isSearchable(term)) return { status: "short", term, users: [], error: null };
  if (term !== searched) return { status: "loading", term, users: shown, error: null };
  if (directory.isError) return { status: "error", term, users: [], error: directory.error };
  if (directory.isFetching && isThrottled(directory.failureReason)) return { status: "throttled", term, users: shown, error: null };
  if (!settled) return { status: "loading", term, users: shown, error: null };
  return { status: users.length === 0 ? "empty" : "results", term, users, error: null };
}

/** Badges for picked people who already hold a pass; empty while unknown or when the read fails. */
export function useHeldPassBadges(users: readonly DirectoryUser[]): ReadonlyMap<string, HeldPassBadge> {
  const client = useGraphClient();
  const held = useQuery(
    heldPassesQuery(
      client,
      users.map((user) => user.id),
    ),
  );
  return useMemo(() => {
    const badges = new Map<string, HeldPassBadge>();
    // A failed read shows no badge rather than an old or partial one.
    for (const [userId, passes] of held.isError ? [] : (held.data ?? [])) {
      const badge = heldPassBadge(passes);
      if (badge) badges.set(userId, badge);
    }
    return badges;
  }, [held.data, held.isError]);
}
