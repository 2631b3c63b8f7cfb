import type { BodyReader, GraphClient, GraphRequestOptions } from "../../../lib/graph/types";

export interface RecordedRequest {
  path: string;
  /** Decoded query parameters, e.g. `$search`. */
  params: Record<string, string>;
  headers: Record<string, string>;
}

export type FakeRoute = (request: RecordedRequest) => unknown;

/**
 * A GraphClient for tests: answers by path (`/users`, `/me/people`) and records every request.
 * A route may return a value, a promise, or throw (e.g. a GraphError) to play Graph's answer; the
 * answer goes through the caller's shape check as it would from the real client.
 */
export function createFakeGraphClient(routes: Record<string, FakeRoute>): GraphClient & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    async request<T>(path: string, options: GraphRequestOptions & { read: BodyReader<T> }): Promise<T> {
      const url = new URL(path, "https://graph.test");
      const recorded: RecordedRequest = {
        path: url.pathname,
        params: Object.fromEntries(url.searchParams),
        headers: { ...options.headers },
      };
      requests.push(recorded);
      const route = routes[url.pathname];
      if (!route) throw new Error(`No fake route for ${url.pathname}`);
      return options.read(await route(recorded));
    },
    batch() {
      return Promise.reject(new Error("batch is not used by user search"));
    },
  };
}
