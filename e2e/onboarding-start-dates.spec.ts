import { TENANT_URL } from "../playwright.config";
import { expectAccessible } from "./support/axe";
import { checkUsers, issuePasses, reviewHeadline, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test, type EmulatedTenant } from "./support/fixtures";
import { shootBothWidths } from "./support/screenshots";

// The browser's zone is the run's default zone: London, so rows without their own zone start there.
test.use({ tenantOptions: { userCount: 120 }, timezoneId: "Europe/London", locale: "en-GB" });

const DAY = 86_400_000;

/** The first day from `fromMs` on (going `step` days at a time) whose day of month is ≤ 12: its slash form reads both ways. */
function ambiguousDay(fromMs: number, step: 1 | -1): Date {
  let day = new Date(Math.floor(fromMs / DAY) * DAY);
  while (day.getUTCDate() > 12) day = new Date(day.getTime() + step * DAY);
  return day;
}

const pad = (n: number) => String(n).padStart(2, "0");
const dayFirst = (d: Date) => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The UTC instant of 07:30 on a day in a zone, worked out independently of the app: the zone's offset
 * from Intl's "longOffset" name at that moment (no start here is near a clock change).
 */
function expectedStart(day: Date, zone: string): number {
  const naive = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 7, 30);
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(new Date(naive))
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offset = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return naive - offset * 60_000;
}

async function setHireDate(tenant: EmulatedTenant, upn: string, employeeHireDate: string | null): Promise<void> {
  const response = await fetch(`${TENANT_URL}/_emulator/tenants/${tenant.tenantId}/users/${encodeURIComponent(upn)}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ employeeHireDate }),
  });
  expect(response.status).toBe(200);
}

test("passes start on each person's first day at 07:30 in their zone, checked against the tenant", async ({ page, tenant }) => {
  const ready = (await tenant.sample()).ready;
  const [berlin, newYork, tokyo, fromEntra, noDate, passed, badZone] = ready;
  if (!berlin || !newYork || !tokyo || !fromEntra || !noDate || !passed || !badZone) throw new Error("the tenant has too few ready users");

  const now = Date.now();
  const soon = ambiguousDay(now + 3 * DAY, 1);
  const later = new Date(soon.getTime() + DAY);
  const past = ambiguousDay(now - 3 * DAY, -1);
  const hired = new Date(soon.getTime() + 2 * DAY);
  // Entra holds Berlin's local midnight for this one (23:00 UTC the day before); the file gives no date.
  await setHireDate(tenant, fromEntra, new Date(hired.getTime() - 3600_000).toISOString());
  await setHireDate(tenant, noDate, null);

  const csv = [
    "UserPrincipalName,Start date,TimeZone",
    `${berlin},${dayFirst(soon)},Europe/Berlin`,
    `${newYork},${dayFirst(soon)},America/New_York`,
    `${tokyo},${iso(later)},Asia/Tokyo`,
    `${fromEntra},,`,
    `${noDate},,`,
    `${passed},${dayFirst(past)},Europe/Berlin`,
    `${badZone},${dayFirst(soon)},Mars/Olympus`,
  ].join("\r\n");

  await openSignedIn(page);
  await uploadCsv(page, { name: "first-days.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });

  // Every slash date reads both ways: nothing is checked before the admin says how the file writes dates.
  const question = page.getByRole("combobox", { name: /How does this file write start dates/ });
  await expect(question).toBeVisible();
  await expect(page.getByRole("button", { name: /^Check \d+ users$/ })).toBeDisabled();
  await expect(page.getByTestId("import-problems")).toContainText("Mars/Olympus");
  await shootBothWidths(page, "start-dates-import", { fullPage: true });
  await expectAccessible(page, "import with the date-order question");
  await question.selectOption("day-first");
  await expect(page.getByTestId("import-detection")).toBeVisible();
  await expect(page.getByText("Start dates like 03/04/2026 are read as day/month/year, as you chose.")).toBeVisible();

  await checkUsers(page, 6);
  // Until the admin picks first-day starts, the file's dates are said to be unused, not silently dropped.
  await expect(page.getByTestId("start-summary")).toContainText("The file gives start dates for 4 people; they're not used unless");
  await page.getByRole("radio", { name: "On each person's start date" }).check();
  const zone = page.getByRole("combobox", { name: /In time zone/ });
  await expect(zone).toHaveValue("Europe/London");
  await expect(page.getByText(/reads it as the calendar day whose UTC midnight is nearest/)).toBeVisible();

  await expect(reviewHeadline(page)).toHaveText("4 of 7 will get a pass");
  const summary = page.getByTestId("start-summary");
  await expect(summary).toContainText("1 person has no start date");
  await expect(summary).toContainText("1 start date has passed");
  await expect(summary).toContainText("before an 8-hour working day");

  const starts = page.getByTestId("row-start");
  await expect(starts).toHaveCount(4);
  await expect(starts.filter({ hasText: "in Europe/Berlin" })).toContainText(`${iso(soon)} 07:30 (UTC+01:00)`);
  await expect(starts.filter({ hasText: "in Asia/Tokyo" })).toContainText(`${iso(later)} 07:30 (UTC+09:00)`);
  await expect(starts.filter({ hasText: "in Europe/London" })).toContainText("date from Entra's hire date");
  await expect(starts.first()).toContainText(" UTC · ");

  await page.getByRole("region", { name: "Check results" }).scrollIntoViewIfNeeded();
  await shootBothWidths(page, "start-dates-check", { fullPage: true });
  await expectAccessible(page, "check with first-day starts");
  await page.getByRole("tab", { name: /No usable start date/ }).click();
  await expect(page.getByRole("table", { name: /No usable start date: 2 users/ })).toContainText("No start date");
  await page.getByRole("group", { name: "Start on each person's start date" }).scrollIntoViewIfNeeded();
  await shootBothWidths(page, "start-dates-settings");
  await expectAccessible(page, "settings with first-day starts");

  // Type-to-filter zone picker, then back to London for the run.
  await zone.click();
  await zone.fill("tokyo");
  await expect(page.getByRole("option", { name: "Asia/Tokyo" })).toBeVisible();
  await expect(page.getByRole("option", { name: "Europe/Berlin" })).toHaveCount(0);
  await zone.fill("london");
  await page.getByRole("option", { name: "Europe/London" }).click();
  await expect(zone).toHaveValue("Europe/London");

  await issuePasses(page, 4);

  // The tenant's own passes, not the screen: each starts at 07:30 on the person's day in their zone.
  const { passes } = await tenant.passes();
  const startOf = (upn: string) => {
    const pass = passes.find((each) => each.userPrincipalName.toLowerCase() === upn.toLowerCase());
    return pass ? new Date(pass.startDateTime).toISOString() : null;
  };
  expect(startOf(berlin)).toBe(new Date(expectedStart(soon, "Europe/Berlin")).toISOString());
  expect(startOf(newYork)).toBe(new Date(expectedStart(soon, "America/New_York")).toISOString());
  expect(startOf(tokyo)).toBe(new Date(expectedStart(later, "Asia/Tokyo")).toISOString());
  expect(startOf(fromEntra)).toBe(new Date(expectedStart(hired, "Europe/London")).toISOString());
  for (const none of [noDate, passed, badZone]) expect(startOf(none), none).toBeNull();

  // Results show validity in each person's zone.
  await expect(page.getByText(`${iso(later)} 07:30 (UTC+09:00)`)).toBeVisible();
  const tokyoUtc = new Date(expectedStart(later, "Asia/Tokyo")).toISOString().slice(0, 16).replace("T", " ");
  await expect(page.getByText(`Asia/Tokyo · ${tokyoUtc} UTC`, { exact: true })).toBeVisible();
});
