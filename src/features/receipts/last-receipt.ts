import { useSyncExternalStore } from "react";
import type { Receipt } from "./receipt";

/**
 * The last finished run's receipt, kept after Done so it can still be downloaded. Memory only (it is
 * not secret, but nothing of a run outlives the page unless the admin saves it); cleared on sign-out.
 */
let current: Receipt | null = null;
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

export const lastReceipt = {
  get: (): Receipt | null => current,
  set(receipt: Receipt): void {
    current = receipt;
    changed();
  },
  clear(): void {
    if (current === null) return;
    current = null;
    changed();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useLastReceipt(): Receipt | null {
  return useSyncExternalStore(lastReceipt.subscribe, lastReceipt.get);
}
