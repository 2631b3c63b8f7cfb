/** How a disabled (pre-staged) account that the admin chose to issue for is marked, in the check and the results alike. */
export const DISABLED_ACCOUNT_NOTE = "Account disabled — the pass works once the account is enabled";

/** The same on a printed slip, in words for the person who gets it. */
export const DISABLED_ACCOUNT_SLIP_NOTE = "Your account is not enabled yet: this pass works once IT enables it.";

/** The exports' "Account" column: the mark for a disabled account, empty for the others. */
export function accountColumn(row: { accountDisabled?: boolean }): string {
  return row.accountDisabled ? DISABLED_ACCOUNT_NOTE : "";
}
