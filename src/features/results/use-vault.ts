import { useSyncExternalStore } from "react";
import type { PassVault } from "../../lib/tap/pass-vault";

/** Re-renders on every vault change; read values with `vault.get` during render, never into state. */
export function useVaultVersion(vault: PassVault): number {
  return useSyncExternalStore(vault.subscribe, vault.getVersion);
}

export function useHasUnsavedValues(vault: PassVault): boolean {
  return useSyncExternalStore(vault.subscribe, () => vault.hasUnsavedValues);
}

export function useVaultSize(vault: PassVault): number {
  return useSyncExternalStore(vault.subscribe, () => vault.size);
}
