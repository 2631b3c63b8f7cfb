import { lastReceipt } from "../features/receipts/last-receipt";
import { passVault } from "../lib/tap/pass-vault";

/** On sign-out: wipes every in-memory pass value and the last run's receipt. */
export function clearSecrets(): void {
  passVault.clear();
  lastReceipt.clear();
}
