/** What the person given a pass does with it; on the card and every printed slip. */
export const SECURITY_INFO_URL = "https://aka.ms/mysecurityinfo";

export const NEXT_STEP_TEXT = `Sign in at ${SECURITY_INFO_URL} with this pass and register a passkey or Microsoft Authenticator.`;
