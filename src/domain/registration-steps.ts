/**
 * What a person given a pass does with it, in short numbered steps: printed on every slip and fit for
 * any other handout (an e-mail to their manager). Plain words; no pass value in here.
 */

/** Where a person registers their sign-in methods with the pass. */
export const SECURITY_INFO_URL = "https://aka.ms/mysecurityinfo";

/** The steps; `short` words them for a small slip (several to a page). */
export function registrationSteps(pass: { userPrincipalName: string; isUsableOnce: boolean }, { short = false } = {}): string[] {
  if (short)
    return [
      `Open ${SECURITY_INFO_URL} (or scan the QR code).`,
      `Sign in as ${pass.userPrincipalName}; type this pass when asked.`,
      "Add Microsoft Authenticator or a passkey.",
      pass.isUsableOnce ? "The pass works for one sign-in only." : "The pass works until it expires.",
    ];
  return [
    `On a computer or phone, open ${SECURITY_INFO_URL} (or scan the QR code).`,
    `Sign in as ${pass.userPrincipalName}. When asked, type the Temporary Access Pass exactly as printed.`,
    "Follow the steps to add Microsoft Authenticator or a passkey. From then on, sign in with that.",
    pass.isUsableOnce
      ? "The pass works for one sign-in only: finish the steps in one go."
      : "The pass works for any number of sign-ins until it expires.",
  ];
}
