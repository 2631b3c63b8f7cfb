import { LogLevel, PublicClientApplication, type Configuration } from "@azure/msal-browser";
import type { RuntimeConfig } from "../../config/runtime-config";
import { relayAccountEvents } from "./account-watch";

/**
 * Where Entra sends the browser after sign-out. Entra only follows a URI registered on the app (else it
 * keeps the user on its own "signed out" page), so the README tells admins to register exactly this one.
 * `?signed-out` makes the app show "You are signed out" instead of signing straight back in.
 */
export function postLogoutRedirectUri(origin: string): string {
  return `${origin}/?signed-out`;
}

/** Builds MSAL's configuration from the runtime config: only these values differ between tenants. */
export function buildMsalConfiguration(config: RuntimeConfig, origin: string): Configuration {
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: config.knownAuthorities,
      ...(config.authorityMetadata ? { authorityMetadata: JSON.stringify(config.authorityMetadata) } : {}),
      redirectUri: config.redirectUri,
      postLogoutRedirectUri: postLogoutRedirectUri(origin),
    },
    // Per-tab and gone with the tab; pass values are never here (they never touch MSAL).
    cache: { cacheLocation: "sessionStorage" },
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Error,
        // MSAL errors surface through rejected promises; nothing is written to the console.
        loggerCallback: () => undefined,
      },
    },
  };
}

export async function createMsalClient(config: RuntimeConfig): Promise<PublicClientApplication> {
  const client = new PublicClientApplication(buildMsalConfiguration(config, window.location.origin));
  await client.initialize();
  // Before the redirect is handled: this window's sign-in and sign-out reach the other windows.
  relayAccountEvents(client);
  return client;
}
