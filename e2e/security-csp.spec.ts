import { readFileSync } from "node:fs";
import {
  contentSecurityPolicy,
  nginxSnippet,
  redirectBridgeHeaders,
  securityHeaders,
  staticWebAppConfig,
} from "../deploy/security-headers.mjs";
import { expect, openSignedIn, test } from "./support/fixtures";
import { createTenant, issueBulk, issueOneOff, serveConfig, watchCsp } from "./support/hardening";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = "", ...values]) => [name, values]),
  );
}

test.describe("the production build under its security headers", () => {
  test("serves a strict CSP built from config.json, nosniff, no referrer and no framing except the redirect bridge", async ({
    page,
    request,
  }) => {
    const tenant = await createTenant({ userCount: 60 });
    const config = tenant.config as unknown as Parameters<typeof securityHeaders>[0];
    const tenantOrigin = new URL(String(config.graphBaseUrl)).origin;

    const app = await request.get("/");
    for (const [name, value] of Object.entries(securityHeaders(config))) expect(app.headers()[name.toLowerCase()], name).toBe(value);
    const csp = directives(app.headers()["content-security-policy"] ?? "");
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("connect-src")).toEqual(["'self'", tenantOrigin]);
    expect(csp.get("frame-src")).toEqual(["'self'", tenantOrigin]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect([...csp.values()].flat().filter((value) => /unsafe-eval|wasm-unsafe|\*/.test(value))).toEqual([]);
    expect(app.headers()["x-content-type-options"]).toBe("nosniff");
    expect(app.headers()["referrer-policy"]).toBe("no-referrer");
    // No inline script in the built page: every <script> loads a file from our origin.
    const html = await app.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//);
      expect(body?.trim()).toBe("");
    }

    const bridge = await request.get("/redirect.html");
    expect(bridge.headers()["content-security-policy"]).toBe(redirectBridgeHeaders(config)["Content-Security-Policy"]);
    expect(directives(bridge.headers()["content-security-policy"] ?? "").get("frame-ancestors")).toEqual(["'self'"]);
    expect(bridge.headers()["x-frame-options"]).toBe("SAMEORIGIN");
    expect(await bridge.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

    // The policy names the real Entra and Graph hosts for a real tenant's config.json.
    const entra = contentSecurityPolicy({
      authority: "https://login.microsoftonline.com/contoso.onmicrosoft.com",
      graphBaseUrl: "https://graph.microsoft.com/v1.0",
      authorityMetadata: null,
    });
    expect(directives(entra).get("connect-src")).toEqual(["'self'", "https://login.microsoftonline.com", "https://graph.microsoft.com"]);
    void page;
  });

  test("the shipped Static Web Apps and nginx samples are what the generator makes for a real Entra config.json", () => {
    const read = (name: string) => readFileSync(new URL(`../deploy/sample/${name}`, import.meta.url), "utf8");
    const config = JSON.parse(read("config.json")) as Parameters<typeof securityHeaders>[0];
    expect(JSON.parse(read("staticwebapp.config.json"))).toEqual(staticWebAppConfig(config));
    expect(read("nginx.conf")).toBe(nginxSnippet(config));
    expect(read("staticwebapp.config.json")).toContain("connect-src 'self' https://login.microsoftonline.com https://graph.microsoft.com;");
  });

  test("signing in, a bulk run, a one-off pass and a silent renewal in the hidden iframe cause no CSP violation", async ({ page }) => {
    test.setTimeout(90_000);
    // Tokens that MSAL counts as already expired (it renews 300 s early), so every Graph call renews.
    const tenant = await createTenant({ knobs: { tokenLifetimeSeconds: 240 } });
    await serveConfig(page, tenant);
    const csp = await watchCsp(page);
    const silentAuthorizations: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/oauth2/v2.0/authorize") && request.url().includes("prompt=none"))
        silentAuthorizations.push(request.frame().url());
    });
    const popups: string[] = [];
    page.on("popup", (popup) => popups.push(popup.url()));
    const sample = await tenant.sample();

    await openSignedIn(page);
    await issueBulk(page, sample.ready.slice(0, 3));
    await page.getByRole("button", { name: "Export CSV" }).click();
    await page.getByRole("button", { name: "Done" }).click();

    // Without a refresh token MSAL renews through its hidden iframe (authorize with prompt=none,
    // answered on /redirect.html) — the path that needs frame-src and the bridge's frame-ancestors.
    const removed = await page.evaluate(() => {
      const gone: string[] = [];
      for (const key of Object.keys(sessionStorage)) {
        const value = sessionStorage.getItem(key) ?? "";
        if (/refreshtoken/i.test(key)) {
          sessionStorage.removeItem(key);
          gone.push(key);
        } else if (/token\.keys/i.test(key)) {
          const keys = JSON.parse(value) as { refreshToken?: string[] };
          sessionStorage.setItem(key, JSON.stringify({ ...keys, refreshToken: [] }));
        }
      }
      return gone;
    });
    expect(removed.length).toBeGreaterThan(0);
    await issueOneOff(page, sample.ready[3] ?? "");
    expect(silentAuthorizations.length).toBeGreaterThan(0);
    expect(popups).toEqual([]);

    expect(await csp.violations()).toEqual([]);
    // The probe works: an injected inline script is refused, and reported.
    const inlineRan = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true;";
      document.head.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);
    await expect.poll(async () => (await csp.violations()).join("\n")).toContain("script-src");
  });
});
