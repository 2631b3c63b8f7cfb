import { LogLevel, PublicClientApplication, type Configuration } from "@azure/msal-browser";
import type { RuntimeConfig } from "../../config/runtime-config";

/** Builds MSAL's configuration from the runtime config: only these values differ between tenants. */
export function buildMsalConfiguration(config: RuntimeConfig, origin: string): Configuration {
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: config.knownAuthorities,
      ...(config.authorityMetadata ? { authorityMetadata: JSON.stringify(config.authorityMetadata) } : {}),
      redirectUri: config.redirectUri,
      postLogoutRedirectUri: `${origin}/?signed-out=1`,
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
  return client;
}
