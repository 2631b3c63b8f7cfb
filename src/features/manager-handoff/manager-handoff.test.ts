import { describe, expect, it } from "vitest";
import type { ManagerRef } from "../../lib/graph/types";
import type { IssuedPass, ResultRow } from "../../lib/tap/run-types";
import { samplePass } from "../../test/sample-pass";
import { managerWorkbookNames, safeFileStem } from "./file-names";
import { groupByManager } from "./group-by-manager";
import { buildManagerMessage, formatInZone, planManagerMails } from "./manager-message";

const ann: ManagerRef = {
  id: "m-ann",
  displayName: "Ann Lee",
  userPrincipalName: "ann.lee@contoso.example",
  mail: "ann.lee@contoso.example",
};
const bob: ManagerRef = { id: "m-bob", displayName: "Bob Stone", userPrincipalName: "bob.stone@contoso.example", mail: null };

function person(rowId: string, manager: ResultRow["manager"], extra: Partial<ResultRow> = {}): ResultRow {
  return {
    rowId,
    line: Number(rowId.replace(/\D/g, "")) || null,
    identifier: `${rowId}@contoso.example`,
    displayName: `Person ${rowId}`,
    userPrincipalName: `${rowId}@contoso.example`,
    outcome: { kind: "issued" },
    ...(manager === undefined ? {} : { manager }),
    ...extra,
  };
}

describe("groupByManager", () => {
  it("lists each manager with their people (issued or not), people without a manager and those whose manager is unknown, each once", () => {
    const failure = { status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges", requestId: "rid" };
    const rows: ResultRow[] = [
      person("r1", bob),
      person("r2", ann),
      person("r3", null),
      person("r4", ann, { outcome: { kind: "skipped", reason: "disabled" } }),
      person("r5", undefined, { managerLookupFailure: failure }),
      // Refused in the file: nobody to hand anything to.
      { rowId: "f", line: 9, identifier: "bad", displayName: null, userPrincipalName: null, outcome: { kind: "skipped", reason: "x" } },
    ];
    const grouping = groupByManager(rows);
    expect(grouping.groups.map((g) => [g.manager.id, g.rows.map((r) => r.rowId)])).toEqual([
      ["m-ann", ["r2", "r4"]],
      ["m-bob", ["r1"]],
    ]);
    expect(grouping.withoutManager.map((r) => r.rowId)).toEqual(["r3"]);
    expect(grouping.unknownManager.map((r) => [r.rowId, r.managerLookupFailure?.code])).toEqual([["r5", "Authorization_RequestDenied"]]);
  });
});

describe("workbook names in the zip", () => {
  it("makes names safe on every OS and never empty", () => {
    expect(safeFileStem('A/B\\C:D*E?"F<G>H|I')).toBe("A B C D E F G H I");
    expect(safeFileStem("..hidden.")).toBe("hidden");
    expect(safeFileStem("  \u0007 ")).toBe("manager");
    expect(safeFileStem("CON")).toBe("_CON");
    expect(safeFileStem("x".repeat(200))).toHaveLength(80);
    expect(safeFileStem("Zoë D'Angelo")).toBe("Zoë D'Angelo");
  });

  it("gives managers who share a name (ignoring case) their own file each", () => {
    const names = managerWorkbookNames([
      ann,
      { ...ann, id: "other-ann", displayName: "ann lee" },
      { ...bob, displayName: "../../etc/passwd" },
      { ...ann, id: "third", displayName: "Ann Lee" },
      { id: "no-name", displayName: null, userPrincipalName: null, mail: null },
    ]);
    expect(names).toEqual(["Ann Lee.xlsx", "ann lee (2).xlsx", "etc passwd.xlsx", "Ann Lee (3).xlsx", "no-name.xlsx"]);
  });
});

describe("the e-mail to a manager", () => {
  const passes = new Map<string, IssuedPass>([
    ["r1", samplePass({ rowId: "r1", value: "Xy7#kLm9", startDateTime: "2026-12-01T06:30:00Z", endDateTime: "2026-12-01T14:30:00Z" })],
    ["r2", samplePass({ rowId: "r2", value: "Pq3$zW8a", isUsableOnce: false })],
  ]);
  const lookup = (rowId: string) => passes.get(rowId);
  const options = {
    sender: { displayName: "Megan Bowen", userPrincipalName: "megan@contoso.example" },
    ticket: "INC-42",
    defaultTimeZone: "UTC",
  };

  it("names each person, their pass and validity in their own zone (named), and the registration steps; never a value in the subject", () => {
    const rows = [person("r1", ann, { timeZone: "Europe/Berlin" }), person("r2", ann)];
    const [plan] = planManagerMails(groupByManager(rows).groups, lookup, options);
    if (plan?.kind !== "send") throw new Error("expected a message");
    const { message, rowIds } = plan.mail;
    expect(rowIds).toEqual(["r1", "r2"]);
    expect(message.toRecipients).toEqual([{ emailAddress: { address: "ann.lee@contoso.example", name: "Ann Lee" } }]);
    expect(message.subject).toBe("Temporary Access Passes for 2 of your people (ticket INC-42)");
    expect(message.subject).not.toContain("Xy7#kLm9");
    expect(message.subject).not.toContain("Pq3$zW8a");
    const body = message.body.content;
    expect(message.body.contentType).toBe("Text");
    expect(body).toContain("Hello Ann Lee,");
    expect(body).toContain("Megan Bowen (megan@contoso.example) issued");
    expect(body).toContain("1. Person r1 (r1@contoso.example)\n   Temporary Access Pass: Xy7#kLm9");
    // 06:30 UTC is 07:30 in Berlin in December.
    expect(body).toContain(
      "Valid from:  Tue 1 Dec 2026, 07:30 (UTC+01:00)\n   Valid until: Tue 1 Dec 2026, 15:30 (UTC+01:00)\n   Time zone:   Europe/Berlin",
    );
    expect(body).toContain("2. Person r2 (r2@contoso.example)\n   Temporary Access Pass: Pq3$zW8a");
    expect(body).toContain("Sat 28 Nov 2026, 10:00 (UTC+00:00)");
    expect(body).toContain("Time zone:   UTC\n   Use:         as often as needed until it ends");
    expect(body).toContain("https://aka.ms/mysecurityinfo");
    expect(body).toContain("Ticket / reference: INC-42");
  });

  it("tells the manager when a person's account is still disabled (pre-staged), and only for that person", () => {
    const rows = [person("r1", ann, { accountDisabled: true }), person("r2", ann)];
    const [plan] = planManagerMails(groupByManager(rows).groups, lookup, options);
    if (plan?.kind !== "send") throw new Error("expected a message");
    const [first = "", second = ""] = plan.mail.message.body.content.split("2. Person r2");
    expect(first).toContain("   Use:         once only\n   Account:     disabled for now; the pass works once the account is enabled");
    expect(second).not.toContain("disabled");
  });

  it("masks values for the preview only, the rest of the message unchanged", () => {
    const rows = [person("r1", ann)];
    const people = [{ row: rows[0]!, pass: passes.get("r1")! }];
    const sent = buildManagerMessage(ann, people, "ann.lee@contoso.example", options);
    const shown = buildManagerMessage(ann, people, "ann.lee@contoso.example", { ...options, showValue: () => "••••••••" });
    expect(shown.body.content).not.toContain("Xy7#kLm9");
    expect(shown.body.content.replace("••••••••", "Xy7#kLm9")).toBe(sent.body.content);
    expect(shown.subject).toBe(sent.subject);
    expect(sent.subject).toBe("Temporary Access Pass for Person r1 (ticket INC-42)");
  });

  it("sends nothing to a manager without a mailbox, with nothing issued, or who is one of the people", () => {
    const rows = [
      person("r1", bob),
      person("r9", ann, { outcome: { kind: "failed", reason: "x" } }),
      person("r2", { ...ann, id: "id-r2", mail: "r2@contoso.example" }),
    ];
    const plans = planManagerMails(groupByManager(rows).groups, lookup, options);
    const kinds = new Map(plans.map((plan) => [plan.kind === "send" ? plan.mail.manager.id : plan.manager.id, plan.kind]));
    expect(Object.fromEntries(kinds)).toEqual({ "m-ann": "nothing-to-send", "m-bob": "no-mailbox", "id-r2": "would-reach-person" });
  });

  it("writes times in a zone the browser can't name in the default zone instead", () => {
    const rows = [person("r1", ann, { timeZone: "Mars/Olympus" })];
    const [plan] = planManagerMails(groupByManager(rows).groups, lookup, { ...options, defaultTimeZone: "America/New_York" });
    if (plan?.kind !== "send") throw new Error("expected a message");
    expect(plan.mail.message.body.content).toContain("Tue 1 Dec 2026, 01:30 (UTC-05:00)");
    expect(plan.mail.message.body.content).toContain("Time zone:   America/New_York");
  });

  it("formats across a DST change in the person's zone", () => {
    expect(formatInZone("2026-03-29T00:30:00Z", "Europe/Berlin")).toBe("Sun 29 Mar 2026, 01:30 (UTC+01:00)");
    expect(formatInZone("2026-03-29T01:30:00Z", "Europe/Berlin")).toBe("Sun 29 Mar 2026, 03:30 (UTC+02:00)");
  });
});
