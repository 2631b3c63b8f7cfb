import { collectionShape, readerOf, type Shape } from "./response-shapes";
import type { GraphClient, GraphCollection } from "./types";

export interface PagingOptions {
  /** Sent with every page: Graph does not carry e.g. ConsistencyLevel over to next links. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Stop once this many items were collected (default 10,000). */
  maxItems?: number;
}

/**
 * Yields each page, following `@odata.nextLink` (checked by the client to stay under the base URL).
 * Every page and item is checked against `item`; a page that does not fit throws GraphResponseShapeError.
 */
export async function* iteratePages<T>(
  client: GraphClient,
  path: string,
  item: Shape<T>,
  options: PagingOptions = {},
): AsyncGenerator<GraphCollection<T>, void, undefined> {
  const read = readerOf(collectionShape(item));
  let next: string | undefined = path;
  while (next !== undefined) {
    const page: GraphCollection<T> = await client.request(next, {
      headers: options.headers,
      signal: options.signal,
      read,
    });
    yield page;
    next = page["@odata.nextLink"];
  }
}

export interface CollectedPages<T> {
  items: T[];
  /** `@odata.count` from the first page, when requested with $count=true. */
  count: number | null;
  /** True when maxItems cut the listing short. */
  truncated: boolean;
}

export async function collectPages<T>(
  client: GraphClient,
  path: string,
  item: Shape<T>,
  options: PagingOptions = {},
): Promise<CollectedPages<T>> {
  const maxItems = options.maxItems ?? 10_000;
  const items: T[] = [];
  let count: number | null = null;
  let first = true;
  for await (const page of iteratePages(client, path, item, options)) {
    if (first) count = page["@odata.count"] ?? null;
    first = false;
    const room = maxItems - items.length;
    const values = page.value;
    items.push(...values.slice(0, room));
    if (values.length > room || (items.length >= maxItems && page["@odata.nextLink"] !== undefined)) {
      return { items, count, truncated: true };
    }
  }
  return { items, count, truncated: false };
}
