import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, openSignedIn, test } from "./support/fixtures";
import { createTenant, csvUpload, directoryUser, serveConfig, unexpectedGraphRequests } from "./support/hardening";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

async function upload(page: Page, name: string, bytes: Buffer): Promise<void> {
  await page.getByTestId("csv-file-input").setInputFiles(csvUpload(name.split("/").pop() ?? name, bytes));
}

/** Graph requests the page made (direct, or inside a $batch). */
async function graphRequests(tenant: Awaited<ReturnType<typeof createTenant>>) {
  const { entries } = await tenant.log();
  return entries.filter((entry) => entry.inBatch || entry.url.startsWith("/v1.0"));
}

/** Requests about users other than the admin: lookups, batches, pass calls. */
async function userRequests(tenant: Awaited<ReturnType<typeof createTenant>>) {
  return (await graphRequests(tenant)).filter((entry) => entry.inBatch || /^\/v1\.0\/(users|\$batch)/.test(entry.url));
}

const FILE_PROBLEMS: [string, RegExp][] = [
  ["empty.csv", /The file is empty/],
  ["header-only.csv", /header row but no users under it/],
  ["entra-template-no-rows.csv", /header row but no users under it/],
  ["hostile/only-blank-lines.csv", /has no (content|users)/],
  ["binary-renamed.csv", /isn't a text file/],
  ["hostile/nul-bytes.csv", /isn't a text file/],
  ["xlsx-renamed.csv", /Excel workbook .* “CSV UTF-8”/],
];

/** Per file: rows, users kept, and the reason shown for each refused line. */
const ROW_PROBLEMS: [string, { rows: number; valid: number; problems: [number, RegExp][] }][] = [
  [
    "hostile-traversal.csv",
    {
      rows: 11,
      valid: 1,
      problems: [
        [2, /\.\.\/\.\.\/me — contains “\.\.”/],
        [3, /contains a slash/],
        [4, /\?\$select=id — contains “\?”/],
        [6, /%2Fme@contoso\.example — contains “%”/],
        [7, /#fragment@contoso\.example — contains “#” outside/],
        [8, /starts with “\$”/],
        [9, /starts with “mailto:”/],
        [10, /contains “<” or “>”/],
      ],
    },
  ],
  [
    "hostile/query-injection.csv",
    {
      rows: 12,
      valid: 2,
      problems: [
        [2, /contains “\?”/],
        [4, /contains “%”/],
        [5, /contains “\.\.”/],
        [7, /#\/me — contains a slash/],
        [10, /\$batch@contoso\.example — starts with “\$”/],
        [12, /contains a space/],
      ],
    },
  ],
  [
    "hostile-formulas.csv",
    {
      rows: 6,
      valid: 1,
      problems: [
        [2, /=cmd\|' \/C calc'!A0 — looks like a spreadsheet formula/],
        [5, /@SUM\(1\+1\) — looks like a spreadsheet formula/],
      ],
    },
  ],
  [
    "hostile/formula-variants.csv",
    {
      rows: 8,
      valid: 1,
      problems: [
        [6, /looks like a spreadsheet formula/],
        [8, /=DDE\(.*looks like a spreadsheet formula/],
      ],
    },
  ],
  [
    "hostile-control-chars.csv",
    {
      rows: 12,
      valid: 7,
      problems: [
        [2, /contains a control character/],
        [3, /contains a control character/],
        [5, /contains a space or other blank/],
      ],
    },
  ],
  [
    "hostile/bidi-and-invisible.csv",
    {
      rows: 4,
      valid: 1,
      problems: [
        [2, /isn't allowed before the “@”/],
        [3, /isn't allowed before the “@”/],
        [4, /isn't allowed/],
      ],
    },
  ],
  ["long-field-5000.csv", { rows: 2, valid: 1, problems: [[2, /too long: 5016 characters/]] }],
  [
    "unbalanced-quotes.csv",
    {
      rows: 6,
      valid: 3,
      problems: [
        [3, /unbalanced or misplaced quote/],
        [5, /unbalanced or misplaced quote/],
        [6, /contains a double quote/],
      ],
    },
  ],
  [
    "duplicates-case.csv",
    {
      rows: 6,
      valid: 3,
      problems: [
        [3, /ADELE\.VANCE@contoso\.example — duplicate of line 2/],
        [7, /duplicate of line 6/],
      ],
    },
  ],
  ["hostile/five-thousand-columns.csv", { rows: 2, valid: 0, problems: [[2, /line too long \(139,999 characters\)/]] }],
  ["bom-in-middle.csv", { rows: 2, valid: 2, problems: [] }],
  ["hostile/mixed-encodings.csv", { rows: 3, valid: 3, problems: [] }],
  ["windows-1252.csv", { rows: 2, valid: 2, problems: [] }],
  ["utf16be-bom.csv", { rows: 2, valid: 2, problems: [] }],
];

test.describe("hostile and malformed CSVs", () => {
  test("a file that can't be a user list gets one file-level message and sends nothing", async ({ page }) => {
    const tenant = await createTenant({ userCount: 60 });
    await serveConfig(page, tenant);
    await openSignedIn(page);
    for (const [name, message] of FILE_PROBLEMS) {
      await upload(page, name, fixture(name));
      const alert = page.getByRole("region", { name: "Import a CSV" }).getByText(`${name.split("/").pop()} can't be used`);
      await expect(alert, name).toBeVisible();
      await expect(page.getByRole("region", { name: "Import a CSV" }).getByText(message), name).toBeVisible();
    }
    expect(await userRequests(tenant)).toEqual([]);
  });

  test("each refused row is listed with its line and reason, and the rest are kept", async ({ page }) => {
    const tenant = await createTenant({ userCount: 60 });
    await serveConfig(page, tenant);
    await openSignedIn(page);
    for (const [name, expected] of ROW_PROBLEMS) {
      await upload(page, name, fixture(name));
      const summary = page.getByTestId("import-summary");
      await expect(summary.getByText(`${expected.rows} rows`, { exact: true }), name).toBeVisible();
      await expect(summary.getByText(`${expected.valid} users to check`, { exact: true }), name).toBeVisible();
      for (const [line, reason] of expected.problems) {
        await expect(
          page
            .getByTestId("import-problems")
            .getByRole("listitem")
            .filter({ hasText: `Line ${line}:` }),
          `${name} line ${line}`,
        ).toHaveText(reason);
      }
      if (expected.problems.length === 0) await expect(page.getByTestId("import-problems")).toHaveCount(0);
      await page.getByRole("button", { name: "Choose another file" }).click();
    }
    // Generated here rather than committed: a single 1 MB line.
    await upload(page, "one-megabyte-line.csv", Buffer.from(`UserName\n${"a".repeat(1024 * 1024)}\nadele.vance@contoso.example\n`));
    await expect(page.getByTestId("import-problems").getByRole("listitem")).toHaveText(
      /Line 2: a+… — line too long \(1,048,576 characters\)/,
    );
    expect(await userRequests(tenant)).toEqual([]);
  });

  test("200,000 rows import in the background and are counted, with nothing sent until the admin checks them", async ({ page }) => {
    const tenant = await createTenant({ userCount: 60 });
    await serveConfig(page, tenant);
    await openSignedIn(page);
    const lines = ["UserName"];
    for (let index = 0; index < 200_000; index++) lines.push(`user${index}@contoso.example`);
    lines.push('=HYPERLINK("http://evil.example")');
    await upload(page, "two-hundred-thousand.csv", Buffer.from(lines.join("\n")));
    const summary = page.getByTestId("import-summary");
    await expect(summary.getByText("200001 rows", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(summary.getByText("200000 users to check", { exact: true })).toBeVisible();
    await expect(page.getByTestId("import-problems").getByRole("listitem")).toHaveText([
      /Line 200002: =HYPERLINK.* — looks like a spreadsheet formula/,
    ]);
    await expect(page.getByRole("button", { name: "Check 200000 users" })).toBeEnabled();
    expect(await userRequests(tenant)).toEqual([]);
  });

  test("guests, disabled accounts, admins, yourself, duplicates and injected rows never reach a pass request; every Graph call has an expected shape", async ({
    page,
  }) => {
    // The committed fixture names users of the default-seed 120-user tenant (see make-fixtures.ts).
    const tenant = await createTenant({ userCount: 120, persona: "aa" });
    await serveConfig(page, tenant);
    await openSignedIn(page);
    const targets = fixture("hostile/tenant-targets.csv")
      .toString("utf8")
      .split("\r\n")
      .slice(1)
      .filter(Boolean)
      .map((line) => {
        const [key = "", expectation = ""] = line.split(",");
        return { key, expectation };
      });
    const injected = ["hostile-traversal.csv", "hostile/query-injection.csv", "hostile-formulas.csv"].flatMap((name) =>
      fixture(name)
        .toString("utf8")
        .split(/\r?\n/)
        .slice(1)
        // Only the refused rows: the fixtures' one good line each names users of another tenant.
        .filter((line) => line && !/^[a-z.]+@contoso\.example$/.test(line)),
    );
    // One column, so the injected rows' commas split nothing that matters.
    const file = ["UserName", ...targets.map((target) => target.key), ...injected].join("\r\n") + "\r\n";
    const good = await Promise.all(targets.filter((t) => t.expectation.startsWith("ready")).map((t) => directoryUser(tenant, t.key)));
    expect(good).toHaveLength(3);
    const accepted = await Promise.all(
      targets
        .filter((t) => !t.expectation.startsWith("duplicate") && !t.expectation.startsWith("Cyrillic"))
        .map((t) => directoryUser(tenant, t.key)),
    );
    expect(accepted).toHaveLength(7);
    // Two injected rows are well-formed: a guest UPN of another tenant (looked up, not found) and
    // adele.vance with a trailing tab (trimmed: a duplicate of the admin's own row).
    const notFound = "pradeep_fabrikam.example#EXT#@contoso.example";
    accepted.push({ id: notFound, userPrincipalName: notFound, displayName: "" });

    await upload(page, "tenant-targets.csv", Buffer.from(file));
    await expect(page.getByTestId("import-summary").getByText("8 users to check", { exact: true })).toBeVisible();
    await expect(page.getByTestId("import-summary").getByText("2 duplicates", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Check 8 users" }).click();
    const review = page.getByRole("region", { name: "Check results" });
    await expect(review).toBeVisible({ timeout: 30_000 });
    const tabs = review.getByRole("tablist", { name: "Results by outcome" });
    for (const [label, count] of [
      ["Ready", 3],
      // The admin's role objects come back nameless; Entra's refusal to show their passes decides.
      ["Couldn't be checked", 1],
      ["Account disabled", 1],
      ["External guest", 1],
      ["That's you", 1],
      ["Not found", 1],
    ] as const) {
      await expect(
        tabs.getByRole("tab", { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*${count}$`) }),
      ).toBeVisible();
    }
    await page.getByRole("button", { name: "Issue 3 passes" }).click();
    await expect(page.getByRole("heading", { name: "Results" })).toBeVisible({ timeout: 30_000 });

    const { passes, creations } = await tenant.passes();
    expect(creations.map((creation) => creation.userId).sort()).toEqual(good.map((user) => user.id).sort());
    expect(passes.filter((pass) => creations.some((creation) => creation.userId === pass.userId))).toHaveLength(3);

    const requests = await graphRequests(tenant);
    // Reads only for the rows the import accepted; writes only for the three ready users.
    expect(unexpectedGraphRequests(requests, accepted)).toEqual([]);
    const writes = requests.filter((entry) => entry.method !== "GET");
    expect(
      unexpectedGraphRequests(
        writes.filter((entry) => entry.inBatch),
        good,
      ),
    ).toEqual([]);
    expect(writes.filter((entry) => !entry.inBatch).map((entry) => entry.url)).toEqual(
      writes.filter((entry) => !entry.inBatch).map(() => "/v1.0/$batch"),
    );
  });
});
