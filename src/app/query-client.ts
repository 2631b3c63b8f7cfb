import { QueryClient } from "@tanstack/react-query";
import { GraphError } from "../lib/graph/graph-error";

/** Server state only (users, policy, roles); never persisted, and pass values never enter it. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        staleTime: 60_000,
        // Permanent Graph answers (4xx other than throttling) are not worth repeating.
        retry: (failureCount, error) =>
          failureCount < 2 && !(error instanceof GraphError && error.status >= 400 && error.status < 500 && error.status !== 429),
      },
    },
  });
}
