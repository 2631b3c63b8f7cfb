import {
  BrowserAuthError,
  InteractionRequiredAuthError,
  type AccountInfo,
  type IPublicClientApplication,
} from "@azure/msal-browser";
import { ALL_GRAPH_SCOPES } from "./scopes";

export type { AccountInfo, IPublicClientApplication };

/** Completes a sign-in redirect (if this load is one) and picks the active account. */
export async function completeSignIn(client: IPublicClientApplication): Promise<AccountInfo | null> {
  const result = await client.handleRedirectPromise();
  const account = result?.account ?? client.getActiveAccount() ?? client.getAllAccounts()[0] ?? null;
  if (account) client.setActiveAccount(account);
  return account;
}

export function signIn(client: IPublicClientApplication): Promise<void> {
  return client.loginRedirect({ scopes: ALL_GRAPH_SCOPES });
}

export function signOut(client: IPublicClientApplication): Promise<void> {
  const account = client.getActiveAccount();
  return client.logoutRedirect(account ? { account } : {});
}

/**
 * Silent first; on interaction-required, exactly one interactive path: a popup, because a redirect
 * would unload the page and with it any pass values not yet exported.
 */
export function createTokenProvider(client: IPublicClientApplication) {
  let interactive: Promise<string> | null = null;

  return async function getAccessToken(options: { forceRefresh?: boolean } = {}): Promise<string> {
    const account = client.getActiveAccount();
    if (!account) throw new SignInRequiredError();
    try {
      const result = await client.acquireTokenSilent({
        account,
        scopes: ALL_GRAPH_SCOPES,
        forceRefresh: options.forceRefresh ?? false,
      });
      return result.accessToken;
    } catch (error) {
      if (!(error instanceof InteractionRequiredAuthError)) throw error;
      interactive ??= client
        .acquireTokenPopup({ account, scopes: ALL_GRAPH_SCOPES })
        .then((result) => result.accessToken)
        .catch((popupError: unknown) => {
          if (popupError instanceof BrowserAuthError && popupError.errorCode === "popup_window_error") {
            throw new SignInRequiredError("Your session expired and the sign-in window was blocked. Allow pop-ups for this site and try again.");
          }
          throw popupError;
        })
        .finally(() => {
          interactive = null;
        });
      return interactive;
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
