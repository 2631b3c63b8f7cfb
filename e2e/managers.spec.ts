import type { Page, Request } from "@playwright/test";
import { unzipSync } from "fflate";
import * as XLSX from "xlsx";
import { TENANT_URL } from "../playwright.config";
import { expectAccessible } from "./support/axe";
import { mailTime, sentMail, userOf, type UserRecord } from "./support/emulator-records";
import { userNameCsv } from "./support/bulk-csv";
import { checkUsers, exportFile, issuePasses, uploadCsv } from "./support/bulk-flow";
import { expect, openSignedIn, test, type EmulatedTenant } from "./support/fixtures";
import { shootBothWidths } from "./support/screenshots";

/** Picks ready users covering every hand-off case: managers with and without a mailbox, and no manager. */
async function pickPeople(tenant: EmulatedTenant, ready: readonly string[]) {
  const withMailbox = new Map<string, UserRecord[]>();
  const noMailbox: UserRecord[] = [];
  const noManager: UserRecord[] = [];
  const managers = new Map<string, UserRecord>();
  const headIds = new Set<string>();
  const records = await Promise.all(ready.slice(0, 160).map((upn) => userOf(tenant, upn)));
  for (const record of records) if (record.managerId) headIds.add(record.managerId);
  for (const record of records) {
    if (record.managerId === null) {
      // Department heads have no manager either; the seeded gaps are the people under someone else.
      if (!headIds.has(record.id) && noManager.length < 2) noManager.push(record);
      continue;
    }
    const manager = managers.get(record.managerId) ?? (await userOf(tenant, record.managerId));
    managers.set(manager.id, manager);
    if (manager.mail === null) {
      if (noMailbox.length < 2) noMailbox.push(record);
    } else {
      const team = withMailbox.get(manager.id) ?? [];
      if (team.length < 3 && (withMailbox.size < 3 || withMailbox.has(manager.id))) withMailbox.set(manager.id, [...team, record]);
    }
  }
  const people = [...[...withMailbox.values()].flat(), ...noMailbox, ...noManager];
  return { people, managers, withMailbox, noMailbox, noManager };
}

function recordTokenScopes(page: Page): string[] {
  const asked: string[] = [];
  page.on("request", (request: Request) => {
    if (request.method() === "POST" && /\/oauth2\/v2\.0\/token$/.test(new URL(request.url()).pathname)) {
      asked.push(new URLSearchParams(request.postData() ?? "").get("scope") ?? "");
    }
  });
  return asked;
}

async function groupByManager(page: Page) {
  await page.getByRole("switch", { name: "Group by manager" }).check();
  await expect(page.getByRole("heading", { name: "People by manager" })).toBeVisible();
}

test.describe("passes to managers", () => {
  test.use({ tenantOptions: { userCount: 300 }, timezoneId: "Europe/Berlin" });

  test("groups by manager, downloads one workbook per manager, previews and e-mails each manager their people's passes", async ({
    page,
    tenant,
  }) => {
    await tenant.serveConfigTo(page, (config) => ({ ...config, allowEmailToManagers: true }));
    const sample = await tenant.sample();
    const picked = await pickPeople(tenant, sample.ready);
    expect(picked.withMailbox.size).toBe(3);
    expect(picked.noMailbox.length).toBeGreaterThan(0);
    expect(picked.noManager.length).toBeGreaterThan(0);
    const people = picked.people;
    const tokenScopes = recordTokenScopes(page);

    await openSignedIn(page, "Megan Bowen");
    await uploadCsv(page, { name: "starters.csv", mimeType: "text/csv", buffer: userNameCsv(people.map((p) => p.userPrincipalName)) });
    await checkUsers(page, people.length);
    await issuePasses(page, people.length);
    // The check read every person's manager in its $batch reads, never one by one.
    const log = (await tenant.log()).entries;
    const managerReads = log.filter((entry) => entry.url.includes("/manager?"));
    expect(managerReads.length).toBeGreaterThanOrEqual(people.length);
    expect(managerReads.every((entry) => entry.inBatch)).toBe(true);

    await groupByManager(page);
    const list = page.getByRole("list", { name: "Managers" });
    const managerIds = [...picked.withMailbox.keys(), ...new Set(picked.noMailbox.map((p) => p.managerId ?? ""))];
    for (const id of managerIds) {
      await expect(list.getByRole("heading", { name: picked.managers.get(id)?.displayName ?? "" })).toBeVisible();
    }
    const without = page.getByRole("region", { name: /Without a manager/ });
    for (const person of picked.noManager) await expect(without).toContainText(person.userPrincipalName);
    await expectAccessible(page, "results grouped by manager");
    await shootBothWidths(page, "managers-group", { fullPage: true });

    // A manager's print pack: the results' own slips, only that manager's people.
    const [firstManagerId, firstTeam] = [...picked.withMailbox.entries()][0] ?? ["", []];
    const firstName = picked.managers.get(firstManagerId)?.displayName ?? "";
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.getByRole("button", { name: `Print pack (${firstTeam.length}) for ${firstName}` }).click();
    const layoutDialog = page.getByRole("dialog", { name: "Print handouts" });
    await expect(layoutDialog).toContainText(`Passes for ${firstName}'s people`);
    await layoutDialog.getByRole("button", { name: "Print" }).click();
    const sheet = page.locator("[data-tap-print-sheet]");
    await page.emulateMedia({ media: "print" });
    // One slip per page by default: every printed page carries the pack's heading.
    const pages = sheet.getByRole("region", { name: /^Page \d+ of \d+$/ });
    await expect(pages).toHaveCount(firstTeam.length);
    await expect(sheet.getByRole("heading", { name: `Passes for ${firstName}'s people` })).toHaveCount(firstTeam.length);
    await expect(sheet.getByRole("article", { name: /^Temporary Access Pass for / })).toHaveCount(firstTeam.length);
    for (const person of firstTeam) {
      await expect(sheet.getByRole("article", { name: `Temporary Access Pass for ${person.userPrincipalName}` })).toBeVisible();
    }
    await page.screenshot({ path: test.info().outputPath("managers-print-pack.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });

    // One zip, one workbook per manager, each listing exactly that manager's people with their passes.
    const passes = new Map((await tenant.passes()).passes.map((pass) => [pass.userPrincipalName.toLowerCase(), pass]));
    const download = await exportFile(page, "Download all managers (.zip)");
    expect(download.fileName).toMatch(/^tap-desk-managers-.*\.zip$/);
    const files = unzipSync(new Uint8Array(download.bytes));
    const expectedTeams = new Map<string, string[]>();
    for (const person of people) {
      if (!person.managerId) continue;
      const name = `${picked.managers.get(person.managerId)?.displayName ?? ""}.xlsx`;
      expectedTeams.set(name, [...(expectedTeams.get(name) ?? []), person.userPrincipalName]);
    }
    expect(Object.keys(files).sort()).toEqual([...expectedTeams.keys()].sort());
    for (const [name, upns] of expectedTeams) {
      const book = XLSX.read(files[name], { type: "buffer" });
      const sheet = book.Sheets.Passes;
      if (!sheet) throw new Error(`no Passes sheet in ${name}`);
      const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: true, defval: "" }).slice(1);
      expect(rows.map((row) => row[1]).sort(), name).toEqual([...upns].sort());
      for (const row of rows) expect(row[3], `${name} ${row[1]}`).toBe(passes.get(String(row[1]).toLowerCase())?.temporaryAccessPass);
    }

    // Preview: each message as it will be sent, values hidden until revealed; Mail.Send not yet asked for.
    expect(tokenScopes.some((scope) => scope.includes("Mail.Send"))).toBe(false);
    await page.getByRole("button", { name: "E-mail each manager…" }).click();
    const dialog = page.getByRole("dialog", { name: /Preview: 3 e-mails to managers/ });
    await expect(dialog).toBeVisible();
    const someValue = passes.get(people[0]?.userPrincipalName.toLowerCase() ?? "")?.temporaryAccessPass ?? "missing";
    await expect(dialog.getByRole("article")).toHaveCount(3);
    await expect(dialog).not.toContainText(someValue);
    await expect(dialog).toContainText("no mailbox in Entra: not e-mailed");
    await expectAccessible(page, "e-mail preview");
    await shootBothWidths(page, "managers-preview");
    await dialog.getByRole("switch", { name: "Show pass values in the preview" }).check();
    await expect(dialog).toContainText(someValue);
    await dialog.getByRole("button", { name: "Send 3 e-mails" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: "E-mails to managers" })).toContainText(
      `3 sent · ${new Set(picked.noMailbox.map((p) => p.managerId)).size} without a mailbox (not e-mailed) · 0 failed`,
    );
    expect(tokenScopes.some((scope) => scope.includes("Mail.Send"))).toBe(true);
    await expectAccessible(page, "e-mail outcomes");
    await shootBothWidths(page, "managers-outcomes", { fullPage: true });

    // What the tenant recorded: one message per manager with a mailbox, never to a new hire, no value in a subject.
    const messages = await sentMail(tenant);
    const hires = new Set(people.flatMap((p) => [p.userPrincipalName.toLowerCase(), (p.mail ?? "").toLowerCase()]));
    expect(messages.map((m) => m.toRecipients[0]).sort()).toEqual(
      [...picked.withMailbox.keys()].map((id) => picked.managers.get(id)?.mail ?? "").sort(),
    );
    for (const message of messages) {
      expect([...message.toRecipients, ...message.ccRecipients, ...message.bccRecipients].some((to) => hires.has(to.toLowerCase()))).toBe(
        false,
      );
      expect(message.saveToSentItems).toBe(false);
      expect(message.contentType).toBe("Text");
      for (const pass of passes.values()) expect(message.subject).not.toContain(pass.temporaryAccessPass);
      const manager = [...picked.managers.values()].find((m) => m.mail === message.toRecipients[0]);
      const team = picked.withMailbox.get(manager?.id ?? "") ?? [];
      for (const person of team) {
        const pass = passes.get(person.userPrincipalName.toLowerCase());
        if (!pass) throw new Error(`no pass for ${person.userPrincipalName}`);
        const end = new Date(Date.parse(pass.startDateTime) + pass.lifetimeInMinutes * 60_000).toISOString();
        expect(message.body).toContain(
          `${person.displayName} (${person.userPrincipalName})\n   Temporary Access Pass: ${pass.temporaryAccessPass}\n` +
            `   Valid from:  ${mailTime(pass.startDateTime, "Europe/Berlin")}\n   Valid until: ${mailTime(end, "Europe/Berlin")}\n` +
            "   Time zone:   Europe/Berlin",
        );
      }
      // Nobody else's pass is in this manager's e-mail.
      for (const other of people.filter((p) => !team.includes(p))) {
        expect(message.body).not.toContain(passes.get(other.userPrincipalName.toLowerCase())?.temporaryAccessPass ?? "\u0000");
      }
      expect(message.body).toContain("https://aka.ms/mysecurityinfo");
    }

    // The e-mails saved only the e-mailed people's passes: the others still stop Done.
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("dialog", { name: "Finish without saving the passes?" })).toBeVisible();
  });
});

test.describe("passes to managers without Mail.Send consented", () => {
  test.use({
    tenantOptions: {
      userCount: 300,
      consentedScopes: [
        "User.Read",
        "User.Read.All",
        "People.Read",
        "UserAuthMethod-TAP.ReadWrite.All",
        "Policy.Read.AuthenticationMethod",
      ],
    },
  });

  test("shows Graph's own refusal beside a plain reason, and nothing is sent", async ({ page, tenant }) => {
    await tenant.serveConfigTo(page, (config) => ({ ...config, allowEmailToManagers: true }));
    const sample = await tenant.sample();
    const picked = await pickPeople(tenant, sample.ready);
    const team = [...picked.withMailbox.values()][0] ?? [];
    await openSignedIn(page, "Megan Bowen");
    await uploadCsv(page, { name: "team.csv", mimeType: "text/csv", buffer: userNameCsv(team.map((p) => p.userPrincipalName)) });
    await checkUsers(page, team.length);
    await issuePasses(page, team.length);
    await groupByManager(page);
    await page.getByRole("button", { name: "E-mail each manager…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Send 1 e-mail" }).click();
    const why = page.getByRole("group", { name: "Why the e-mail failed" });
    await expect(why).toContainText("Not allowed: the app may not send mail as you (Mail.Send is not granted for TAP Desk)");
    await expect(why).toContainText("403 Authorization_RequestDenied · Insufficient privileges to complete the operation. · request id ");
    await expect(page.getByRole("button", { name: "Send again to failed (1)" })).toBeVisible();
    expect(await sentMail(tenant)).toEqual([]);
    await expectAccessible(page, "e-mail refused");
    await shootBothWidths(page, "managers-refused");
  });
});

test.describe("a manager's mailbox that fails", () => {
  test.use({ tenantOptions: { userCount: 300 } });

  test("shows Graph's 503 after a few paced tries, and sends it on 'Send again to failed'", async ({ page, tenant }) => {
    await tenant.serveConfigTo(page, (config) => ({ ...config, allowEmailToManagers: true }));
    const sample = await tenant.sample();
    const picked = await pickPeople(tenant, sample.ready);
    const [managerId, team] = [...picked.withMailbox.entries()][1] ?? ["", []];
    const address = picked.managers.get(managerId)?.mail ?? "";
    const failures = (body: unknown) =>
      fetch(`${TENANT_URL}/_emulator/tenants/${tenant.tenantId}/mail-failures`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    await failures({ [address]: 503 });
    await openSignedIn(page, "Megan Bowen");
    await uploadCsv(page, { name: "team.csv", mimeType: "text/csv", buffer: userNameCsv(team.map((p) => p.userPrincipalName)) });
    await checkUsers(page, team.length);
    await issuePasses(page, team.length);
    await groupByManager(page);
    await page.getByRole("button", { name: "E-mail each manager…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Send 1 e-mail" }).click();
    const why = page.getByRole("group", { name: "Why the e-mail failed" });
    await expect(why).toContainText("The mail service had a temporary problem", { timeout: 20_000 });
    await expect(why).toContainText("503 serviceNotAvailable · The service is temporarily unavailable. Please retry later. · request id ");
    expect(await sentMail(tenant)).toEqual([]);

    await failures({});
    await page.getByRole("button", { name: "Send again to failed (1)" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Send 1 e-mail" }).click();
    await expect(page.getByText("E-mail sent.")).toBeVisible();
    expect((await sentMail(tenant)).map((m) => m.toRecipients)).toEqual([[address]]);
  });
});

test.describe("without allowEmailToManagers", () => {
  test.use({ tenantOptions: { userCount: 120 } });

  test("offers grouping, packs and workbooks but no e-mail", async ({ page, tenant }) => {
    const sample = await tenant.sample();
    const upns = sample.ready.slice(0, 3);
    await openSignedIn(page, "Megan Bowen");
    await uploadCsv(page, { name: "three.csv", mimeType: "text/csv", buffer: userNameCsv(upns) });
    await checkUsers(page, 3);
    await issuePasses(page, 3);
    await groupByManager(page);
    await expect(page.getByRole("button", { name: "Download all managers (.zip)" })).toBeVisible();
    await expect(page.getByRole("button", { name: "E-mail each manager…" })).toHaveCount(0);
  });
});
