import { infiniteQueryOptions } from "@tanstack/react-query";
import { listTapAuditPage } from "../../lib/graph/audit";
import type { GraphClient } from "../../lib/graph/types";

/** Entries per Graph page; most of them are passes on a helpdesk tenant, so one page fills a screen. */
export const HISTORY_PAGE_SIZE = 50;

export const historyKeys = {
  all: ["history"] as const,
  list: (since: string, issuerPrefix: string) => [...historyKeys.all, "tap-registrations", since, issuerPrefix] as const,
};

/**
 * Pages of the directory audit log, newest first. `since` is fixed when the view opens (and on
 * Refresh) so every page of one listing covers the same window. Never retried on its own: a failure
 * here is a missing role or consent, and a retry could open the consent popup again.
 */
export const recentPassesQuery = (client: GraphClient, since: Date, issuerPrefix: string) =>
  infiniteQueryOptions({
    queryKey: historyKeys.list(since.toISOString(), issuerPrefix),
    queryFn: ({ pageParam, signal }) => listTapAuditPage(client, { since, issuerPrefix, top: HISTORY_PAGE_SIZE }, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextLink ?? undefined,
    retry: false,
    staleTime: Infinity,
  });
