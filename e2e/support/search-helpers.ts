import { expect, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { TENANT_URL } from "../../playwright.config";
import type { EmulatedTenant } from "./fixtures";

/** The emulator's full record of one directory user (its debugging view). */
export interface DirectoryRecord {
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  userPrincipalName: string;
  accountEnabled: boolean;
  userType: "Member" | "Guest";
  roles: string[];
  hasPass: boolean;
}

export async function directoryUser(tenant: EmulatedTenant, upnOrId: string): Promise<DirectoryRecord> {
  const response = await fetch(`${TENANT_URL}/_emulator/tenants/${tenant.tenantId}/users/${encodeURIComponent(upnOrId)}`);
  if (!response.ok) throw new Error(`emulator has no user ${upnOrId}: ${response.status}`);
  return (await response.json()) as DirectoryRecord;
}

/** The first of `upns` whose record passes `test`, so a test can ask for e.g. an accented given name. */
export async function firstUserWhere(
  tenant: EmulatedTenant,
  upns: readonly string[],
  test: (user: DirectoryRecord) => boolean,
): Promise<DirectoryRecord> {
  for (const upn of upns) {
    const user = await directoryUser(tenant, upn);
    if (test(user)) return user;
  }
  throw new Error("no seeded user fits; the seed or tenant size changed");
}

const TAP_PATH = /\/users\/([^/]+)\/authentication\/temporaryAccessPassMethods(?:\?|$)/;

/**
 * Pass-creating requests that reached the emulator, direct or inside a $batch, for one user (addressed
 * by object id or UPN) or, without `user`, for anyone.
 */
export async function tapPostCount(tenant: EmulatedTenant, user?: { id: string; userPrincipalName: string }): Promise<number> {
  const { entries } = await tenant.log();
  const keys = user ? new Set([user.id.toLowerCase(), user.userPrincipalName.toLowerCase()]) : null;
  return entries.filter((entry) => {
    if (entry.method !== "POST") return false;
    const key = TAP_PATH.exec(entry.url)?.[1];
    if (key === undefined) return false;
    return keys === null || keys.has(decodeURIComponent(key).toLowerCase());
  }).length;
}

export async function allowClipboard(context: BrowserContext): Promise<void> {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
}

export function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

export function findPeopleBox(page: Page): Locator {
  return page.getByRole("combobox", { name: "Find people" });
}

/** The list of matches under "Find people". */
export function suggestions(page: Page): Locator {
  return page.getByRole("listbox", { name: "Matching people" }).getByRole("option");
}

/** The suggestion for one user, told apart from namesakes by UPN. */
export function suggestion(page: Page, upn: string): Locator {
  return suggestions(page).filter({ has: page.getByText(upn, { exact: true }) });
}

/**
 * Types into "Find people" key by key, as a person would, and waits until the matches for the whole
 * text are on screen (no search still running).
 */
export async function typeSearch(page: Page, text: string): Promise<void> {
  await findPeopleBox(page).pressSequentially(text);
  await expect(page.getByText("Searching the directory…")).toBeHidden();
}

/** Moves the highlight down the suggestions to `upn` with the arrow keys (no mouse), without picking. */
export async function arrowTo(page: Page, upn: string): Promise<void> {
  const box = findPeopleBox(page);
  const target = suggestion(page, upn);
  await expect(target).toBeVisible();
  const targetId = await target.getAttribute("id");
  const ids = await suggestions(page).evaluateAll((options) => options.map((option) => option.id));
  const targetIndex = ids.indexOf(targetId ?? "");
  expect(targetIndex, `${upn} is among the suggestions`).toBeGreaterThanOrEqual(0);
  // A freshly shown list highlights its first suggestion.
  await expect(box).toHaveAttribute("aria-activedescendant", ids[0] ?? "");
  for (let step = 0; step < targetIndex; step++) await box.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", targetId ?? "");
}

/** The people picked so far, as chips in "Find people". */
export function chips(page: Page): Locator {
  return page.getByRole("list", { name: "Selected people" }).getByRole("listitem");
}

/** The chip a picked person becomes in "Find people". */
export function chip(page: Page, displayName: string): Locator {
  return chips(page).filter({ hasText: displayName });
}

/** Presses Tab until `target` has focus (at most 40 times), as a keyboard user would. */
export async function tabUntilFocused(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 40; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}
