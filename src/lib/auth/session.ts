import { BrowserAuthError, InteractionRequiredAuthError, type AccountInfo, type IPublicClientApplication } from "@azure/msal-browser";
import { graphScopes, SIGN_IN_PERMISSIONS } from "./scopes";

export type { AccountInfo, IPublicClientApplication };

/** Completes a sign-in redirect (if this load is one) and picks the active account. */
export async function completeSignIn(client: IPublicClientApplication): Promise<AccountInfo | null> {
  const result = await client.handleRedirectPromise();
  const account = result?.account ?? client.getActiveAccount() ?? client.getAllAccounts()[0] ?? null;
  if (account) client.setActiveAccount(account);
  return account;
}

/** `graphResource` is the Graph of the tenant's cloud (RuntimeConfig.graphResource). */
export function signIn(client: IPublicClientApplication, graphResource: string): Promise<void> {
  return client.loginRedirect({ scopes: graphScopes(graphResource) });
}

/**
 * Signs in again without leaving the page (a popup, like the token provider): passes on screen stay.
 * The account that comes back becomes the active one, whoever it is.
 */
export async function signInAgain(client: IPublicClientApplication, graphResource: string, loginHint?: string): Promise<AccountInfo> {
  const result = await client.loginPopup({ scopes: graphScopes(graphResource), ...(loginHint ? { loginHint } : {}) });
  client.setActiveAccount(result.account);
  return result.account;
}

/** Entra returns to the post-logout URI set in msal-client.ts (one the README says to register). */
export function signOut(client: IPublicClientApplication): Promise<void> {
  const account = client.getActiveAccount();
  return client.logoutRedirect(account ? { account } : {});
}

export interface AccessTokenOptions {
  forceRefresh?: boolean;
  /**
   * Permissions one call needs beyond the sign-in set (e.g. "Mail.Send"), asked for only when that call
   * is made: Entra asks for consent then, in the popup, and the sign-in stays least-privileged.
   */
  extraPermissions?: readonly string[];
}

export type AccessTokenProvider = (options?: AccessTokenOptions) => Promise<string>;

/**
 * Silent first; on interaction-required, exactly one interactive path: a popup, because a redirect
 * would unload the page and with it any pass values not yet exported.
 */
export function createTokenProvider(client: IPublicClientApplication, graphResource: string): AccessTokenProvider {
  // One popup at a time per scope set: concurrent calls that need the same consent share it.
  const interactive = new Map<string, Promise<string>>();

  return async function getAccessToken(options: AccessTokenOptions = {}): Promise<string> {
    const account = client.getActiveAccount();
    if (!account) throw new SignInRequiredError();
    const scopes = graphScopes(graphResource, [...SIGN_IN_PERMISSIONS, ...(options.extraPermissions ?? [])]);
    const key = scopes.join(" ");
    try {
      const result = await client.acquireTokenSilent({
        account,
        scopes,
        forceRefresh: options.forceRefresh ?? false,
      });
      return result.accessToken;
    } catch (error) {
      if (!(error instanceof InteractionRequiredAuthError)) throw error;
      const pending = interactive.get(key);
      if (pending) return pending;
      const popup = client
        .acquireTokenPopup({ account, scopes })
        .then((result) => result.accessToken)
        .catch((popupError: unknown) => {
          if (popupError instanceof BrowserAuthError && popupError.errorCode === "popup_window_error") {
            throw new SignInRequiredError(
              "Your session expired and the sign-in window was blocked. Allow pop-ups for this site and try again.",
            );
          }
          throw popupError;
        })
        .finally(() => {
          interactive.delete(key);
        });
      interactive.set(key, popup);
      return popup;
    }
  };
}

export class SignInRequiredError extends Error {
  constructor(message = "You are signed out. Sign in again to continue.") {
    super(message);
    this.name = "SignInRequiredError";
  }
}

/** Turns an MSAL/Entra error into one sentence an admin can act on. */
export function describeAuthError(error: unknown): string {
  if (error instanceof SignInRequiredError) return error.message;
  if (error && typeof error === "object" && "errorCode" in error) {
    const { errorCode, errorMessage } = error as { errorCode: string; errorMessage?: string };
    const detail = errorMessage ? ` (${errorMessage.split("\n")[0]})` : "";
    switch (errorCode) {
      case "invalid_grant":
        return `The sign-in service refused the sign-in. Sign in again; if it keeps failing, ask your Entra administrator to check the app registration.${detail}`;
      case "invalid_client":
      case "unauthorized_client":
        return `This app is not registered in the tenant, or the client ID in config.json is wrong.${detail}`;
      case "endpoints_resolution_error":
        return "The sign-in service could not be reached. Check the authority in config.json and your network.";
      case "popup_window_error":
        return "The sign-in window was blocked. Allow pop-ups for this site and try again.";
      case "user_cancelled":
        return "Sign-in was cancelled.";
      case "interaction_in_progress":
        return "A sign-in is already in progress in this browser. Finish it, or close the other window and reload.";
      default:
        return `Sign-in failed: ${errorCode}${detail}`;
    }
  }
  return error instanceof Error ? error.message : "Sign-in failed for an unknown reason.";
}
