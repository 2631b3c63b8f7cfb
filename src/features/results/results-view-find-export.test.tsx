// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import * as XLSX from "xlsx";
import { PassVault } from "../../lib/tap/pass-vault";
import type { ResultRow } from "../../lib/tap/run-types";
import { samplePass } from "../../test/sample-pass";
import { ResultsView } from "./results-view";
import { stubVirtualLayout } from "../../test/virtual-layout";

/** 2,000 rows: every tenth skipped, the rest issued with a pass starting with "=". */
function setUp() {
  const rows: ResultRow[] = Array.from({ length: 2000 }, (_, n) => ({
    rowId: `r${n}`,
    line: n + 2,
    identifier: `user${n}@contoso.example`,
    displayName: `User ${n}`,
    userPrincipalName: `user${n}@contoso.example`,
    outcome: n % 10 === 0 ? { kind: "skipped", reason: "Already holds a usable pass" } : { kind: "issued" },
  }));
  const vault = new PassVault();
  for (const row of rows) {
    if (row.outcome.kind === "issued")
      vault.put(samplePass({ rowId: row.rowId, userPrincipalName: row.identifier, value: `=Pass${row.rowId}` }));
  }
  render(<ResultsView rows={rows} vault={vault} onDone={() => {}} />);
  return { rows, vault };
}

const table = () => screen.getByRole("table", { name: "Results per user" });
const shownUsers = () =>
  within(table())
    .getAllByRole("row")
    .slice(1)
    .map((row) => within(row).getAllByRole("cell")[0]?.textContent);

describe("ResultsView: find and the Excel export", () => {
  beforeEach(stubVirtualLayout);
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("finds a row far outside the rendered window by user name and announces the count politely", async () => {
    setUp();
    const box = screen.getByRole("searchbox", { name: "Find in results" });
    fireEvent.change(box, { target: { value: "user1999@" } });
    await waitFor(() => expect(table().getAttribute("aria-rowcount")).toBe("2"));
    expect(shownUsers()).toEqual(["2001"]);
    const count = screen.getByTestId("results-search-count");
    expect(count.getAttribute("aria-live")).toBe("polite");
    expect(count.textContent).toBe("1 of 2,000 rows matches");
  });

  it("finds by line number and combines with the outcome filter", async () => {
    setUp();
    fireEvent.change(screen.getByRole("searchbox", { name: "Find in results" }), { target: { value: "User 19" } });
    await waitFor(() => expect(screen.getByTestId("results-search-count").textContent).toBe("111 of 2,000 rows match"));
    fireEvent.click(screen.getByRole("button", { name: "Skipped 200" }));
    // "User 19", "User 190"…"User 199", "User 1900"…: only those whose index is a multiple of ten are skipped.
    await waitFor(() => expect(screen.getByTestId("results-search-count").textContent).toBe("11 of 200 skipped rows match"));
    fireEvent.change(screen.getByRole("searchbox", { name: "Find in results" }), { target: { value: "line 1992" } });
    await waitFor(() => expect(shownUsers()).toEqual(["1992"]));
    fireEvent.change(screen.getByRole("searchbox", { name: "Find in results" }), { target: { value: "" } });
    await waitFor(() => expect(table().getAttribute("aria-rowcount")).toBe("201"));
    expect(screen.getByTestId("results-search-count").textContent).toBe("");
  });

  it("puts the Excel workbook first and downloads every pass exactly, then counts the values as saved", async () => {
    const { vault } = setUp();
    const created: Blob[] = [];
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      created.push(blob as Blob);
      return "blob:http://localhost/x";
    };
    URL.revokeObjectURL = () => {};
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });

    const toolbar = screen.getByRole("toolbar", { name: "Save the passes" });
    const first = within(toolbar).getAllByRole("button")[0];
    expect(first?.textContent).toBe("Export Excel workbook");
    await act(async () => {
      fireEvent.click(first!);
    });
    await waitFor(() => expect(created).toHaveLength(1));

    expect(names[0]).toMatch(/^tap-desk-passes-\d{4}-\d{2}-\d{2}T\d{4}Z\.xlsx$/);
    const book = XLSX.read(new Uint8Array(await created[0]!.arrayBuffer()), { type: "array", cellFormula: true });
    const passes = XLSX.utils.sheet_to_json<string[]>(book.Sheets["Passes"]!, { header: 1, raw: true });
    expect(passes).toHaveLength(1 + 1800);
    expect(passes[1]?.slice(0, 4)).toEqual(["3", "user1@contoso.example", "User 1", "=Passr1"]);
    const skipped = XLSX.utils.sheet_to_json<string[]>(book.Sheets["Skipped and failed"]!, { header: 1, raw: true });
    expect(skipped).toHaveLength(1 + 200);
    expect(vault.hasUnsavedValues).toBe(false);
  });
});
