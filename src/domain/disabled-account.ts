/** How a disabled (pre-staged) account that the admin chose to issue for is marked, in the check and the results alike. */
export const DISABLED_ACCOUNT_NOTE = "Account disabled — the pass works once the account is enabled";
