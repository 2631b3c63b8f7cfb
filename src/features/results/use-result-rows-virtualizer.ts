import { useRef } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { PassVault } from "../../lib/tap/pass-vault";
import type { ResultRow } from "../../lib/tap/run-types";

/**
 * The key a results view (table or cards) is mounted under: it changes when the vault empties, so the
 * view remounts. React keeps each fiber's previous props (values included) in its alternate until that
 * fiber renders again, whereas a removed subtree is released at once.
 */
export function vaultStateKey(vault: PassVault): string {
  return vault.size > 0 ? "values" : "cleared";
}

/**
 * Only the result rows in view (plus `overscan`) are rendered, each keyed by its row id; the caller
 * puts `scrollerRef` on its scrolling element.
 */
export function useResultRowsVirtualizer(
  rows: readonly ResultRow[],
  options: { estimateSize: number; overscan: number; scrollMargin?: number },
) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  // The virtualizer's API is not memoizable by design; the React Compiler skips the components using it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => options.estimateSize,
    overscan: options.overscan,
    ...(options.scrollMargin === undefined ? {} : { scrollMargin: options.scrollMargin }),
    getItemKey: (index) => rows[index]?.rowId ?? index,
  });
  return { scrollerRef, virtualizer };
}
