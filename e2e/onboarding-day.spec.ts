/**
 * Issue #12's "Done means": one onboarding morning from a 200-row CSV with start dates in three zones,
 * through check, first-day issue, handouts, per-manager packs and workbooks, to the e-mails the tenant
 * recorded. Every expectation is worked out here from the tenant's own records and Intl, not app code.
 */
import type { Page } from "@playwright/test";
import { unzipSync } from "fflate";
import * as XLSX from "xlsx";
import { expectAccessible } from "./support/axe";
import { mailTime, sentMail, slipTime, userOf, zoneParts, type UserRecord } from "./support/emulator-records";
import { checkUsers, exportFile, issuePasses, reviewHeadline, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test, type EmulatedPass, type EmulatedTenant } from "./support/fixtures";
import { shootBothWidths } from "./support/screenshots";
import { closePrintDialog, holdPrintDialogOpen } from "./support/print-dialog";

// The browser's zone is none of the file's three, so every row's own TimeZone must be what counts.
test.use({ tenantOptions: { userCount: 600 }, timezoneId: "Europe/London", locale: "en-GB" });

const ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo"] as const;
const DAY = 86_400_000;
const ROWS = 200;

interface Hire extends UserRecord {
  day: string;
  zone: string;
}

/** The zone's offset from UTC in minutes at an instant, read from Intl's "longOffset" name. */
function offsetMinutes(zone: string, at: number): number {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(new Date(at))
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The UTC instant of 07:30 on `day` (YYYY-MM-DD) in `zone`: the offset is read again at the first guess, so a clock change between is honoured. */
function expectedStart(day: string, zone: string): string {
  const [y, mo, d] = day.split("-").map(Number);
  const naive = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, 7, 30);
  const guess = naive - offsetMinutes(zone, naive) * 60_000;
  return new Date(naive - offsetMinutes(zone, guess) * 60_000).toISOString();
}

const endOf = (pass: EmulatedPass) => new Date(Date.parse(pass.startDateTime) + pass.lifetimeInMinutes * 60_000).toISOString();

/**
 * 200 people the admin may issue for, none of them anyone's manager (a hire who is also a manager would be
 * a recipient): most under a manager with a mailbox, some under one without, some with no manager, and a
 * few pre-staged (disabled) accounts.
 */
async function pickHires(tenant: EmulatedTenant) {
  const sample = await tenant.sample();
  const readyRecords = await Promise.all(sample.ready.map((upn) => userOf(tenant, upn)));
  const disabledRecords = await Promise.all(sample.disabled.map((upn) => userOf(tenant, upn)));
  const all = [...readyRecords, ...disabledRecords];
  const managerIds = new Set(all.flatMap((record) => (record.managerId ? [record.managerId] : [])));
  const managers = new Map<string, UserRecord>();
  for (const id of managerIds) managers.set(id, await userOf(tenant, id));
  const notManagers = (records: UserRecord[]) => records.filter((record) => !managerIds.has(record.id));

  const disabled = notManagers(disabledRecords).slice(0, 4);
  const ready = notManagers(readyRecords);
  const noManager = ready.filter((record) => record.managerId === null).slice(0, 6);
  const noMailbox = ready.filter((record) => record.managerId !== null && managers.get(record.managerId)?.mail === null).slice(0, 6);
  const rest = ready.filter((record) => record.managerId !== null && managers.get(record.managerId)?.mail !== null);
  const picked = [...disabled, ...noManager, ...noMailbox];
  const people = [...picked, ...rest.slice(0, ROWS - picked.length)];
  expect(disabled.length, "disabled accounts").toBeGreaterThanOrEqual(3);
  expect(noManager.length, "people without a manager").toBeGreaterThanOrEqual(3);
  expect(noMailbox.length, "people whose manager has no mailbox").toBeGreaterThanOrEqual(1);
  expect(people.length).toBe(ROWS);

  // Dates 3 to 9 days ahead, zones in turn; the file lists them in a shuffled but fixed order.
  const today = Math.floor(Date.now() / DAY) * DAY;
  const hires: Hire[] = people.map((person, index) => ({
    ...person,
    day: new Date(today + (3 + (index % 7)) * DAY).toISOString().slice(0, 10),
    zone: ZONES[index % 3] ?? "Europe/Berlin",
  }));
  hires.sort((a, b) => a.id.localeCompare(b.id));
  return { hires, managers, disabled, noManager };
}

/** Every printed slip's UPN (from its label), pass glyphs and text, read in one go. */
async function printedSlips(page: Page) {
  return page
    .getByTestId("handout-slip")
    .evaluateAll((slips) =>
      slips.map((slip) => ({
        label: slip.getAttribute("aria-label") ?? "",
        pass: [...slip.querySelectorAll(".tap-handout-glyph")].map((glyph) => glyph.textContent).join(""),
        text: slip.textContent ?? "",
      })),
    )
    .then((slips) =>
      // Chromium's ICU writes "Fri, 4 Dec" where Node's writes "Fri 4 Dec": the comparison ignores that comma.
      slips.map((slip) => ({ ...slip, text: slip.text.replace(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d)/g, "$1 $2") })),
    );
}

test("onboarding day: 200 first-day passes in three zones reach slips, manager packs, workbooks and managers' e-mails", async ({
  page,
  tenant,
}) => {
  test.setTimeout(180_000);
  await tenant.serveConfigTo(page, (config) => ({ ...config, allowEmailToManagers: true }));
  await holdPrintDialogOpen(page);
  const { hires, managers, disabled, noManager } = await pickHires(tenant);
  const byUpn = new Map(hires.map((hire) => [hire.userPrincipalName.toLowerCase(), hire]));
  const csv = ["UserPrincipalName,StartDate,TimeZone", ...hires.map((h) => `${h.userPrincipalName},${h.day},${h.zone}`)].join("\r\n");

  await openSignedIn(page);
  await uploadCsv(page, { name: "onboarding-day.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await checkUsers(page, ROWS);

  // Check: first-day starts at 07:30, disabled accounts included; each start in the person's zone and UTC.
  await page.getByRole("radio", { name: "On each person's start date" }).check();
  const settings = page.getByRole("group", { name: "Start on each person's start date" });
  await expect(settings.getByLabel(/At \(their local time\)/)).toHaveValue("07:30");
  await page.getByRole("checkbox", { name: /^Also issue for disabled accounts/ }).check();
  await expect(reviewHeadline(page)).toHaveText(`${ROWS} of ${ROWS} will get a pass`);
  const starts = page.getByTestId("row-start");
  for (const zone of ZONES) {
    const first = hires.find((hire) => hire.zone === zone);
    if (!first) throw new Error(zone);
    const utc = expectedStart(first.day, zone).slice(0, 16).replace("T", " ");
    const shown = starts.filter({ hasText: `${first.day} 07:30 (${zoneParts(expectedStart(first.day, zone), zone).offset}) in ${zone}` });
    await expect(shown.filter({ hasText: `${utc} UTC` }).first()).toBeVisible();
  }
  await expect(starts.filter({ hasText: "in Europe/London" })).toHaveCount(0);
  await page.getByRole("region", { name: "Check results" }).scrollIntoViewIfNeeded();
  await shootBothWidths(page, "onboarding-day-check");
  await expectAccessible(page, "check of the onboarding day");

  await issuePasses(page, ROWS);

  // (a) The tenant's passes: each starts at 07:30 on the person's day in the person's zone.
  const held = new Map((await tenant.passes()).passes.map((pass) => [pass.userPrincipalName.toLowerCase(), pass]));
  const passOf = (upn: string): EmulatedPass => {
    const pass = held.get(upn.toLowerCase());
    if (!pass) throw new Error(`the tenant holds no pass for ${upn}`);
    return pass;
  };
  for (const hire of hires) {
    expect(new Date(passOf(hire.userPrincipalName).startDateTime).toISOString(), `${hire.userPrincipalName} in ${hire.zone}`).toBe(
      expectedStart(hire.day, hire.zone),
    );
  }
  await expect(page.getByRole("group", { name: "Show rows by outcome" }).getByRole("button", { name: `Issued ${ROWS}` })).toBeVisible();

  // Handouts: one slip per person, the tenant's pass, valid from/until in the person's own zone.
  await page.getByRole("button", { name: "Print handouts" }).click();
  const printDialog = page.getByRole("dialog", { name: "Print handouts" });
  await printDialog.getByRole("radio", { name: "8 slips per page, with cut lines" }).check();
  await printDialog.getByRole("button", { name: "Print" }).click();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("handout-sheet")).toBeVisible();
  const slips = await printedSlips(page);
  expect(slips).toHaveLength(ROWS);
  expect(new Set(slips.map((slip) => slip.label)).size).toBe(ROWS);
  for (const slip of slips) {
    const upn = slip.label.replace(/^Temporary Access Pass for /, "");
    const hire = byUpn.get(upn.toLowerCase());
    if (!hire) throw new Error(`a slip for someone not in the file: ${slip.label}`);
    const pass = passOf(upn);
    expect(slip.pass, upn).toBe(pass.temporaryAccessPass);
    expect(slip.text, upn).toContain(`Valid from${slipTime(pass.startDateTime, hire.zone)}`);
    expect(slip.text, upn).toContain(`Valid until${slipTime(endOf(pass), hire.zone)}`);
  }
  await page.screenshot({ path: test.info().outputPath("onboarding-day-slips.png") });
  await closePrintDialog(page);

  // Group by manager: every person is under their manager or in the list for manual handling.
  await page.getByRole("switch", { name: "Group by manager" }).check();
  await expect(page.getByRole("heading", { name: "People by manager" })).toBeVisible();
  const teams = new Map<string, Hire[]>();
  for (const hire of hires) if (hire.managerId) teams.set(hire.managerId, [...(teams.get(hire.managerId) ?? []), hire]);
  const list = page.getByRole("list", { name: "Managers" });
  await expect(list.getByRole("listitem").filter({ has: page.getByRole("heading") })).toHaveCount(teams.size);
  const without = page.getByRole("region", { name: /Without a manager/ });
  for (const person of noManager) await expect(without).toContainText(person.userPrincipalName);
  for (const person of hires.filter((hire) => hire.managerId !== null)) await expect(without).not.toContainText(person.userPrincipalName);
  // A disabled account keeps its mark under its manager.
  const disabledWithManager = disabled.find((person) => person.managerId !== null);
  if (disabledWithManager) {
    const name = managers.get(disabledWithManager.managerId ?? "")?.displayName ?? "";
    const item = list.getByRole("listitem").filter({ has: page.getByRole("heading", { name, exact: true }) });
    const mark = item.getByRole("row").filter({ hasText: disabledWithManager.userPrincipalName });
    await expect(mark).toContainText("Account disabled — the pass works once the account is enabled");
    await mark.scrollIntoViewIfNeeded();
    await shootBothWidths(page, "onboarding-day-disabled-under-manager");
  }
  await expectAccessible(page, "onboarding day grouped by manager");
  await shootBothWidths(page, "onboarding-day-managers");

  // One manager's print pack: exactly their people's slips, in their zones.
  const [packManagerId, packTeam] = [...teams.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? ["", []];
  const packName = managers.get(packManagerId)?.displayName ?? "";
  await page.getByRole("button", { name: `Print pack (${packTeam.length}) for ${packName}` }).click();
  await page.getByRole("dialog", { name: "Print handouts" }).getByRole("button", { name: "Print" }).click();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("handout-sheet")).toBeVisible();
  const packSlips = await printedSlips(page);
  expect(packSlips.map((slip) => slip.label).sort()).toEqual(
    packTeam.map((p) => `Temporary Access Pass for ${p.userPrincipalName}`).sort(),
  );
  for (const slip of packSlips) {
    const hire = byUpn.get(slip.label.replace(/^Temporary Access Pass for /, "").toLowerCase());
    if (!hire) throw new Error(slip.label);
    expect(slip.text).toContain(`Valid from${slipTime(passOf(hire.userPrincipalName).startDateTime, hire.zone)}`);
  }
  await closePrintDialog(page);

  // The zip: one workbook per manager, exactly their people, with the tenant's passes.
  const download = await exportFile(page, "Download all managers (.zip)");
  const files = unzipSync(new Uint8Array(download.bytes));
  const workbookPass = new Map<string, string>();
  const expectedBooks = new Map<string, string[]>();
  for (const [id, team] of teams)
    expectedBooks.set(
      `${managers.get(id)?.displayName ?? ""}.xlsx`,
      team.map((p) => p.userPrincipalName),
    );
  expect(Object.keys(files).sort()).toEqual([...expectedBooks.keys()].sort());
  for (const [name, upns] of expectedBooks) {
    const sheet = XLSX.read(files[name], { type: "buffer" }).Sheets.Passes;
    if (!sheet) throw new Error(`no Passes sheet in ${name}`);
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: true, defval: "" }).slice(1);
    expect(rows.map((row) => String(row[1])).sort(), name).toEqual([...upns].sort());
    for (const row of rows) {
      expect(row[3], `${name} ${row[1]}`).toBe(passOf(String(row[1])).temporaryAccessPass);
      workbookPass.set(String(row[1]).toLowerCase(), String(row[3]));
    }
  }

  // E-mail: preview one message per manager with a mailbox, then send.
  const withMailbox = [...teams.keys()].filter((id) => managers.get(id)?.mail);
  const mailboxless = [...teams.keys()].filter((id) => !managers.get(id)?.mail);
  await page.getByRole("button", { name: "E-mail each manager…" }).click();
  const dialog = page.getByRole("dialog", { name: `Preview: ${withMailbox.length} e-mails to managers` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("article")).toHaveCount(withMailbox.length);
  await expect(dialog).toContainText(`${noManager.length} people without a known manager: hand their passes over yourself`);
  await expectAccessible(page, "onboarding day e-mail preview");
  await shootBothWidths(page, "onboarding-day-preview");
  await dialog.getByRole("button", { name: `Send ${withMailbox.length} e-mails` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "E-mails to managers" })).toContainText(
    `${withMailbox.length} sent · ${mailboxless.length} without a mailbox (not e-mailed) · 0 failed`,
  );

  // (b) What the tenant recorded: one message per manager with a mailbox, to that manager only.
  const messages = await sentMail(tenant);
  expect(messages.map((m) => m.toRecipients.join(",").toLowerCase()).sort()).toEqual(
    withMailbox.map((id) => (managers.get(id)?.mail ?? "").toLowerCase()).sort(),
  );
  const hireAddresses = new Set(hires.flatMap((p) => [p.userPrincipalName.toLowerCase(), (p.mail ?? "").toLowerCase()]));
  const allValues = [...held.values()].map((pass) => pass.temporaryAccessPass);
  for (const message of messages) {
    const recipients = [...message.toRecipients, ...message.ccRecipients, ...message.bccRecipients];
    expect(recipients).toHaveLength(1);
    expect(hireAddresses.has(recipients[0]?.toLowerCase() ?? "")).toBe(false);
    for (const value of allValues) expect(message.subject).not.toContain(value);
    const managerId = withMailbox.find((id) => managers.get(id)?.mail?.toLowerCase() === recipients[0]?.toLowerCase()) ?? "";
    const team = teams.get(managerId) ?? [];
    expect(message.body.match(/Temporary Access Pass: /g) ?? [], managers.get(managerId)?.displayName).toHaveLength(team.length);
    for (const person of team) {
      const pass = passOf(person.userPrincipalName);
      const value = workbookPass.get(person.userPrincipalName.toLowerCase());
      expect(value).toBe(pass.temporaryAccessPass);
      expect(message.body).toContain(
        `${person.displayName} (${person.userPrincipalName})\n   Temporary Access Pass: ${value ?? ""}\n` +
          `   Valid from:  ${mailTime(pass.startDateTime, person.zone)}\n   Valid until: ${mailTime(endOf(pass), person.zone)}\n` +
          `   Time zone:   ${person.zone}`,
      );
    }
    expect(message.body).toContain("https://aka.ms/mysecurityinfo");
    // A pre-staged account's manager is told the pass works once the account is enabled.
    const disabledHere = team.filter((person) => disabled.some((d) => d.id === person.id));
    expect(message.body.match(/Account: {5}disabled for now/g) ?? []).toHaveLength(disabledHere.length);
  }

  // (c) Nobody without a manager was e-mailed, and they stay listed for manual handling.
  const mailed = messages.map((m) => m.body).join("\n");
  for (const person of noManager) {
    expect(mailed).not.toContain(passOf(person.userPrincipalName).temporaryAccessPass);
    await expect(without).toContainText(person.userPrincipalName);
  }
  await shootBothWidths(page, "onboarding-day-sent");

  // The receipt says the run started on each person's date, not "at once", and that disabled accounts were included.
  const receipt = (await exportFile(page, "Receipt (CSV)")).bytes.toString("utf8");
  expect(receipt).toContain(`"Start (UTC; empty: at once)","On each person's start date (see the rows' Valid from)"`);
  expect(receipt).toContain(`"First-day start at (their local time; empty: not used)","07:30"`);
  expect(receipt).toContain(`"First-day time zone (rows without their own)","Europe/London"`);
  expect(receipt).toContain(`"Also issued for disabled accounts","Yes"`);
  for (const hire of hires.slice(0, 10)) {
    expect(receipt).toContain(`"${hire.userPrincipalName}"`);
    expect(receipt).toContain(`"${expectedStart(hire.day, hire.zone)}"`);
  }
});
