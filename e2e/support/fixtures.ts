import { test as base, expect, type Page } from "@playwright/test";
import { TENANT_URL } from "../../playwright.config";
import type { LogEntry, Sample } from "../tenant/state.ts";

export type Persona = "paa" | "aa" | "user" | "reader-paa" | "aa-sales" | "custom";

export type TenantSample = Sample;

export interface EmulatedPass {
  userId: string;
  userPrincipalName: string;
  id: string;
  temporaryAccessPass: string;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
}

export interface TenantOptions {
  userCount?: number;
  persona?: Persona;
  policy?: Record<string, unknown>;
  knobs?: Record<string, unknown>;
  /** The app registration's admin-consented permissions (default: the emulator's full list). */
  consentedScopes?: string[];
}

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${TENANT_URL}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator ${method} ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** A fresh emulated tenant for one test, served to the page as its config.json. */
export class EmulatedTenant {
  constructor(
    readonly tenantId: string,
    readonly config: Record<string, unknown>,
  ) {}

  static async create(options: TenantOptions = {}): Promise<EmulatedTenant> {
    const created = await control<{ tenantId: string; config: Record<string, unknown> }>("POST", "/tenants", {
      userCount: 600,
      ...options,
    });
    return new EmulatedTenant(created.tenantId, created.config);
  }

  update(change: { persona?: Persona; policy?: Record<string, unknown>; knobs?: Record<string, unknown> }): Promise<unknown> {
    return control("PATCH", `/tenants/${this.tenantId}`, change);
  }

  sample(): Promise<TenantSample> {
    return control("GET", `/tenants/${this.tenantId}/sample`);
  }

  passes(): Promise<{ passes: EmulatedPass[]; creations: { userId: string; count: number }[] }> {
    return control("GET", `/tenants/${this.tenantId}/passes`);
  }

  log(since = 0): Promise<{ entries: LogEntry[] }> {
    return control("GET", `/tenants/${this.tenantId}/log?since=${since}`);
  }

  /** Serves this tenant's config.json to the page, as a deployment would. */
  async serveConfigTo(page: Page, override?: (config: Record<string, unknown>) => unknown): Promise<void> {
    const body = JSON.stringify(override ? override(this.config) : this.config);
    await page.route("**/config.json", (route) => route.fulfill({ status: 200, contentType: "application/json", body }));
  }
}

interface Fixtures {
  tenantOptions: TenantOptions;
  tenant: EmulatedTenant;
  consoleMessages: string[];
}

export const test = base.extend<Fixtures>({
  tenantOptions: [{}, { option: true }],
  tenant: async ({ page, tenantOptions }, use) => {
    const tenant = await EmulatedTenant.create(tenantOptions);
    await tenant.serveConfigTo(page);
    await use(tenant);
  },
  consoleMessages: async ({ page }, use) => {
    const messages: string[] = [];
    page.on("console", (message) => messages.push(message.text()));
    page.on("pageerror", (error) => messages.push(`pageerror: ${error.message}`));
    await use(messages);
  },
});

/** Opens TAP Desk and waits until the signed-in shell shows the admin's name. */
export async function openSignedIn(page: Page, adminName: string | RegExp = /.+/): Promise<void> {
  await page.goto("/");
  await expect(page.getByTestId("admin-name")).toHaveText(adminName);
}

export { expect };
