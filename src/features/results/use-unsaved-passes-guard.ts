import { useEffect } from "react";
import type { PassVault } from "../../lib/tap/pass-vault";
import { useHasUnsavedValues } from "./use-vault";

/** Asks before the tab is closed or reloaded while passes exist that were not exported, copied or printed. */
export function useUnsavedPassesGuard(vault: PassVault): void {
  const unsaved = useHasUnsavedValues(vault);
  useEffect(() => {
    if (!unsaved) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium only shows the prompt when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [unsaved]);
}
