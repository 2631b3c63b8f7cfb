import { passVault } from "../lib/tap/pass-vault";

/** Wipes every in-memory pass value (sign-out, Done). */
export function clearSecrets(): void {
  passVault.clear();
}
