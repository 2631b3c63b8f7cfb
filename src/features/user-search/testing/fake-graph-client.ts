import type { GraphClient, GraphRequestOptions } from "../../../lib/graph/types";

export interface RecordedRequest {
  path: string;
  /** Decoded query parameters, e.g. `$search`. */
  params: Record<string, string>;
  headers: Record<string, string>;
}

export type FakeRoute = (request: RecordedRequest) => unknown;

/**
 * A GraphClient for tests: answers by path (`/users`, `/me/people`) and records every request.
 * A route may return a value, a promise, or throw (e.g. a GraphError) to play Graph's answer.
 */
export function createFakeGraphClient(routes: Record<string, FakeRoute>): GraphClient & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    async request<T>(path: string, options: GraphRequestOptions = {}): Promise<T> {
      const url = new URL(path, "https://graph.test");
      const recorded: RecordedRequest = {
        path: url.pathname,
        params: Object.fromEntries(url.searchParams),
        headers: { ...options.headers },
      };
      requests.push(recorded);
      const route = routes[url.pathname];
      if (!route) throw new Error(`No fake route for ${url.pathname}`);
      return (await route(recorded)) as T;
    },
    batch() {
      return Promise.reject(new Error("batch is not used by user search"));
    },
  };
}
