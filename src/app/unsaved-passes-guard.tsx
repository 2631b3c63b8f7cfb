import { useUnsavedPassesGuard } from "../features/results/use-unsaved-passes-guard";
import { passVault } from "../lib/tap/pass-vault";

/**
 * Asks before the tab is closed or reloaded while passes are unsaved. Mounted beside the error
 * boundaries, never inside them, so a crashed screen doesn't take the question away.
 */
export function UnsavedPassesGuard() {
  useUnsavedPassesGuard(passVault);
  return null;
}
