import { describe, expect, it, vi } from "vitest";
import { Logger } from "@azure/msal-browser";
import { buildMsalConfiguration } from "./msal-client";

const config = {
  clientId: "8e3f2a7b-6c1d-4e5f-9a0b-1c2d3e4f5a6b",
  tenantId: "4c1e0a52-7d0e-4f37-9d3a-5a1b2c3d4e5f",
  authority: "https://login.microsoftonline.com/4c1e0a52-7d0e-4f37-9d3a-5a1b2c3d4e5f",
  knownAuthorities: [],
  authorityMetadata: null,
  redirectUri: "https://tapdesk.example/redirect.html",
  graphBaseUrl: "https://graph.microsoft.com/v1.0",
  graphResource: "https://graph.microsoft.com",
  idleClearMs: 900_000,
  requireTicket: false,
  allowEmailToManagers: false,
};

describe("buildMsalConfiguration", () => {
  it("returns from sign-out to the page the README tells admins to register", () => {
    expect(buildMsalConfiguration(config, "https://tapdesk.example").auth.postLogoutRedirectUri).toBe(
      "https://tapdesk.example/?signed-out",
    );
  });

  it("keeps MSAL's cache in sessionStorage, per tab", () => {
    expect(buildMsalConfiguration(config, "https://tapdesk.example").cache?.cacheLocation).toBe("sessionStorage");
  });

  it("never logs personal data, and writes nothing to the console even for errors", () => {
    const options = buildMsalConfiguration(config, "https://tapdesk.example").system?.loggerOptions ?? {};
    // MSAL's own Logger with our options decides what reaches the callback: errors only, never PII.
    const seen = vi.fn();
    const logger = new Logger({ ...options, loggerCallback: seen }, "msal", "test");
    logger.errorPii("upn megan.bowen@contoso.example failed", "");
    logger.warning("token renewal slow", "");
    logger.verbose("cache lookup", "");
    expect(seen).not.toHaveBeenCalled();
    logger.error("interaction_required", "");
    expect(seen).toHaveBeenCalledOnce();
    // And our callback itself writes nothing to the console.
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((method) => vi.spyOn(console, method));
    new Logger(options, "msal", "test").error("interaction_required", "");
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
