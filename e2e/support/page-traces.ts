import type { Page } from "@playwright/test";

/**
 * Everything a page can leave behind where someone could read it later: web storage, IndexedDB,
 * Cache Storage, cookies, the address and the history's state. One string per place, to search for
 * secrets in.
 */
export async function pageTraces(page: Page): Promise<Record<string, string>> {
  const inPage = await page.evaluate(async () => {
    const dump = (storage: Storage) => JSON.stringify(Object.entries({ ...storage }));
    const databases: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name ?? "");
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error("indexedDB.open failed"));
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const records = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, "readonly").objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error ?? new Error("getAll failed"));
        });
        databases.push(`${info.name}/${store}: ${JSON.stringify(records)}`);
      }
      db.close();
    }
    const cached: string[] = [];
    if ("caches" in window) {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          const response = await cache.match(request);
          cached.push(`${name} ${request.url}: ${response ? await response.text() : ""}`);
        }
      }
    }
    return {
      localStorage: dump(localStorage),
      sessionStorage: dump(sessionStorage),
      indexedDB: databases.join("\n"),
      cacheStorage: cached.join("\n"),
      url: location.href,
      historyState: JSON.stringify(history.state),
      resourceUrls: performance
        .getEntriesByType("resource")
        .map((entry) => entry.name)
        .join("\n"),
    };
  });
  const cookies = await page.context().cookies();
  return { ...inPage, cookies: JSON.stringify(cookies) };
}

/** Where each secret shows up, e.g. `["localStorage has 4xK9…"]`; empty when none does. */
export function leaks(traces: Record<string, string>, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const [place, text] of Object.entries(traces)) {
    for (const secret of secrets) {
      if (secret !== "" && text.includes(secret)) found.push(`${place} has ${secret.slice(0, 3)}…`);
    }
  }
  return found;
}
