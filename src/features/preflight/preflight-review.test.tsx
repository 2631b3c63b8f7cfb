// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import type { PreflightResult, PreflightRow, PreflightVerdict } from "./preflight-types";
import { PreflightProgressView, PreflightReview } from "./preflight-review";
import { emptyCounts } from "./verdicts";

function resultOf(spec: Array<[PreflightVerdict, number]>): PreflightResult {
  const counts = emptyCounts();
  const rows: PreflightRow[] = [];
  for (const [verdict, count] of spec) {
    for (let i = 0; i < count; i += 1) {
      const n = rows.length + 2;
      counts[verdict] += 1;
      rows.push({
        candidate: { rowId: `r${n}`, line: n, identifier: `user${n}@contoso.example`, overrides: {} },
        verdict,
        user: { id: `u${n}`, displayName: `User ${n}`, userPrincipalName: `user${n}@contoso.example` },
        detail: `detail ${verdict} ${n}`,
      });
    }
  }
  return { rows, counts };
}

const renderReview = (result: PreflightResult, replace = false, onChange = vi.fn()) =>
  render(
    <FluentProvider theme={webLightTheme}>
      <PreflightReview result={result} replaceUsablePasses={replace} onReplaceUsablePassesChange={onChange} />
    </FluentProvider>,
  );

describe("PreflightReview", () => {
  it("offers to issue for disabled accounts with their count, off by default, and marks each one sent", () => {
    const result = resultOf([
      ["ready", 1],
      ["disabled", 2],
    ]);
    for (const row of result.rows) if (row.verdict === "disabled") row.ifEnabled = "ready";
    const onChange = vi.fn();
    const view = (issue: boolean) => (
      <FluentProvider theme={webLightTheme}>
        <PreflightReview
          result={result}
          replaceUsablePasses={false}
          onReplaceUsablePassesChange={vi.fn()}
          issueForDisabledAccounts={issue}
          onIssueForDisabledAccountsChange={onChange}
        />
      </FluentProvider>
    );
    const { rerender } = render(view(false));
    const option = screen.getByRole("checkbox", {
      name: /Also issue for disabled accounts \(they can sign in once enabled\) — 2 disabled accounts/,
    });
    expect((option as HTMLInputElement).checked).toBe(false);
    expect(screen.getByText("1 of 3 will get a pass")).toBeTruthy();
    fireEvent.click(option);
    expect(onChange).toHaveBeenCalledWith(true);

    rerender(view(true));
    expect(screen.getByText("3 of 3 will get a pass")).toBeTruthy();
    fireEvent.click(screen.getByRole("tab", { name: /Account disabled/ }));
    const table = screen.getByRole("table", { name: "Account disabled: 2 users" });
    expect(within(table).getAllByText("Account disabled — the pass works once the account is enabled.")).toHaveLength(2);
  });

  it("summarises who gets a pass and lists each outcome as a tab with its count", () => {
    renderReview(
      resultOf([
        ["ready", 3],
        ["disabled", 2],
      ]),
    );
    expect(screen.getByText("3 of 5 will get a pass")).toBeTruthy();
    expect(screen.getAllByRole("tab")).toHaveLength(2);
    expect(screen.getByRole("tab", { name: /^Ready\s*3/, selected: true })).toBeTruthy();
    expect(screen.getByRole("tab", { name: /^Account disabled\s*2/ })).toBeTruthy();
  });

  it("shows the rows of the chosen outcome with line, name, UPN and detail", () => {
    renderReview(
      resultOf([
        ["ready", 1],
        ["not-found", 1],
      ]),
    );
    fireEvent.click(screen.getByRole("tab", { name: /Not found/ }));
    const table = screen.getByRole("table", { name: "Not found: 1 users" });
    const row = within(table).getAllByRole("row")[1]!;
    expect(row.textContent).toContain("3");
    expect(row.textContent).toContain("user3@contoso.example");
    expect(row.textContent).toContain("detail not-found 3");
  });

  it("asks what to do with existing passes only when someone holds one, and reports the choice", () => {
    const onChange = vi.fn();
    renderReview(
      resultOf([
        ["ready", 1],
        ["holds-usable-pass", 2],
      ]),
      false,
      onChange,
    );
    const group = screen.getByRole("radiogroup", { name: /2 users already hold a pass/ });
    expect(within(group).getByLabelText(/^Skip (them|this user) \(default\)$/)).toHaveProperty("checked", true);
    fireEvent.click(within(group).getByLabelText(/Replace their pass/));
    expect(onChange).toHaveBeenCalledWith(true);
  });

  it("leaves the existing-pass question out when nobody holds a pass", () => {
    renderReview(resultOf([["ready", 2]]));
    expect(screen.queryByRole("radiogroup")).toBeNull();
  });

  it("counts replaced passes in the summary when the admin chose to replace", () => {
    renderReview(
      resultOf([
        ["ready", 1],
        ["holds-future-pass", 1],
      ]),
      true,
    );
    expect(screen.getByText("2 of 2 will get a pass")).toBeTruthy();
    expect(screen.getByText(/1 existing passes will be replaced/)).toBeTruthy();
  });

  it("renders only the visible rows of a group of thousands", () => {
    // The virtualizer sizes its window from the scroll element's client box, which jsdom leaves at 0.
    vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(480);
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(800);
    renderReview(resultOf([["ready", 5000]]));
    const table = screen.getByRole("table", { name: "Ready: 5000 users" });
    const rendered = within(table).getAllByRole("row").length;
    expect(rendered).toBeGreaterThan(1);
    expect(rendered).toBeLessThan(100);
    expect(table.getAttribute("aria-rowcount")).toBe("5001");
  });
});

describe("PreflightReview with the run's plan", () => {
  it("shows the plan's counts, rows refused for their own settings with the reason, and rows refused in the file", () => {
    const result = resultOf([
      ["ready", 4],
      ["disabled", 1],
    ]);
    const refusedInFile = [
      {
        rowId: "f9",
        line: 9,
        identifier: "not a user",
        displayName: null,
        userPrincipalName: null,
        outcome: { kind: "skipped" as const, reason: "Contains a space" },
      },
    ];
    render(
      <FluentProvider theme={webLightTheme}>
        <PreflightReview
          result={result}
          replaceUsablePasses={false}
          onReplaceUsablePassesChange={vi.fn()}
          plan={{
            counts: { total: 6, willIssue: 3, skipped: 2, refusedInFile: 1, replacing: 0 },
            settingsRefused: new Map([["r3", "This row asks for a pass lasting 30 minutes, but your tenant allows 1 hour to 8 hours."]]),
            refusedInFile,
          }}
        />
      </FluentProvider>,
    );
    expect(screen.getByText("3 of 6 will get a pass")).toBeTruthy();
    expect(screen.getByText("2 will be skipped and 1 was refused in the file; the reasons are listed below.")).toBeTruthy();
    expect(screen.getByRole("tab", { name: /^Ready\s*3/ })).toBeTruthy();
    fireEvent.click(screen.getByRole("tab", { name: /^Settings not allowed\s*1/ }));
    const refused = screen.getByRole("table", { name: "Settings not allowed: 1 users" });
    expect(within(refused).getAllByRole("row")[1]?.textContent).toContain("30 minutes, but your tenant allows 1 hour to 8 hours");
    fireEvent.click(screen.getByRole("tab", { name: /^Refused in the file\s*1/ }));
    const file = screen.getByRole("table", { name: "Refused in the file: 1 users" });
    expect(within(file).getAllByRole("row")[1]?.textContent).toContain("Contains a space");
  });
});

describe("PreflightProgressView", () => {
  it("shows how many users were checked and lets the admin cancel", () => {
    const onCancel = vi.fn();
    render(<PreflightProgressView progress={{ resolved: 1200, total: 5000 }} onCancel={onCancel} />);
    expect(screen.getByText(`Checked ${(1200).toLocaleString()} of ${(5000).toLocaleString()} users`)).toBeTruthy();
    expect(screen.getByRole("progressbar")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel check" }));
    expect(onCancel).toHaveBeenCalled();
  });
});

describe("PreflightReview: removing a pass someone already holds", () => {
  it("offers Remove for users holding a working or future pass, asks first, and hands over exactly those rows", () => {
    const result = resultOf([
      ["ready", 1],
      ["holds-usable-pass", 1],
      ["holds-future-pass", 1],
      ["holds-expired-pass", 1],
    ]);
    for (const row of result.rows) {
      if (row.verdict !== "ready") {
        row.existingPass = {
          id: `m-${row.candidate.rowId}`,
          createdDateTime: null,
          startDateTime: "2026-11-30T10:00:00Z",
          endDateTime: "2026-11-30T11:00:00Z",
          lifetimeInMinutes: 60,
          isUsableOnce: true,
          isUsable: row.verdict === "holds-usable-pass",
          methodUsabilityReason: null,
        };
      }
    }
    const onRemove = vi.fn();
    render(
      <FluentProvider theme={webLightTheme}>
        <PreflightReview
          result={result}
          replaceUsablePasses={false}
          onReplaceUsablePassesChange={() => {}}
          onRemoveCurrentPasses={onRemove}
        />
      </FluentProvider>,
    );
    fireEvent.click(screen.getByRole("button", { name: "Remove these 2 passes without issuing new ones" }));
    expect(onRemove).not.toHaveBeenCalled();
    fireEvent.click(within(screen.getByRole("dialog", { name: "Remove 2 passes?" })).getByRole("button", { name: "Remove 2 passes" }));
    expect(onRemove.mock.calls[0]?.[0].map((row: PreflightRow) => row.existingPass?.id)).toEqual(["m-r3", "m-r4"]);
  });
});

describe("PreflightReview with first-day starts", () => {
  it("shows each row's start in its zone and UTC with its warnings, groups rows without a usable date, and heads with the flags", () => {
    const result = resultOf([["ready", 3]]);
    render(
      <FluentProvider theme={webLightTheme}>
        <PreflightReview
          result={result}
          replaceUsablePasses={false}
          onReplaceUsablePassesChange={vi.fn()}
          plan={{
            counts: { total: 3, willIssue: 2, skipped: 1, refusedInFile: 0, replacing: 0 },
            settingsRefused: new Map(),
            refusedInFile: [],
            starts: new Map([
              [
                "r2",
                {
                  text: "Starts 2026-12-07 07:30 (UTC+09:00) in Asia/Tokyo · 2026-12-06 22:30 UTC · date from the file",
                  notes: [],
                  warnings: ["Starts in 91 days (more than 60 ahead): check the date."],
                },
              ],
            ]),
            startRefused: new Map([["r4", "No start date: the file gives none for this row and Entra has no hire date."]]),
            startSummary: ["1 person has no start date (not in the file, none in Entra): no pass."],
          }}
        />
      </FluentProvider>,
    );
    expect(screen.getByTestId("start-summary").textContent).toContain("1 person has no start date");
    const ready = screen.getByRole("table", { name: "Ready: 2 users" });
    const first = within(ready).getAllByRole("row")[1]!;
    expect(first.textContent).toContain("Starts 2026-12-07 07:30 (UTC+09:00) in Asia/Tokyo · 2026-12-06 22:30 UTC");
    expect(first.textContent).toContain("more than 60 ahead");
    fireEvent.click(screen.getByRole("tab", { name: /No usable start date\s*1/ }));
    const refused = screen.getByRole("table", { name: "No usable start date: 1 users" });
    expect(within(refused).getAllByRole("row")[1]!.textContent).toContain("No start date");
  });
});
