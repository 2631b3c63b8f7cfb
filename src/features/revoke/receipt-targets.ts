import type { RevokeTarget } from "./revoke-types";

/**
 * What "Revoke from a receipt" needs of a receipt row. The receipts feature's rows fit this shape;
 * the app hands them over (features don't import each other).
 */
export interface ReceiptPassRow {
  line: number | null;
  userPrincipalName: string;
  userId: string | null;
  outcome: string;
  methodId: string | null;
  validFrom: string | null;
  validUntil: string | null;
}

/** One issued row of a receipt, as a pass that may be removed. */
export interface ReceiptPass extends RevokeTarget {
  line: number | null;
  validFrom: string | null;
  validUntil: string | null;
}

/**
 * The passes a receipt says were issued, one per row, keyed by the row's place in the receipt (a
 * line number is missing for people picked from search). Rows that issued nothing are left out:
 * there is nothing of theirs to remove. An issued row without ids is counted, never dropped silently.
 */
export function receiptPasses(rows: readonly ReceiptPassRow[]): { passes: ReceiptPass[]; missingIds: number } {
  const passes: ReceiptPass[] = [];
  let missingIds = 0;
  rows.forEach((row, index) => {
    if (row.outcome !== "issued") return;
    if (!row.userId || !row.methodId) {
      missingIds += 1;
      return;
    }
    passes.push({
      key: `receipt-row-${index + 1}`,
      userId: row.userId,
      methodId: row.methodId,
      label: row.userPrincipalName || row.userId,
      line: row.line,
      validFrom: row.validFrom,
      validUntil: row.validUntil,
    });
  });
  return { passes, missingIds };
}

/** A receipt from another tenant is refused before any request: its ids mean nothing here. */
export function receiptTenantProblem(receiptTenantId: string | null, signedInTenantId: string): string | null {
  if (receiptTenantId === null) {
    return "This receipt doesn't say which tenant it came from, so TAP Desk won't remove passes from it.";
  }
  if (receiptTenantId.toLowerCase() !== signedInTenantId.toLowerCase()) {
    return `This receipt is from another tenant (${receiptTenantId}); you are signed in to ${signedInTenantId}. Sign in to the receipt's tenant to remove its passes.`;
  }
  return null;
}
