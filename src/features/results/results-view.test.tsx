// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { PassVault } from "../../lib/tap/pass-vault";
import type { IssuedPass, ResultRow } from "../../lib/tap/run-types";
import { samplePass } from "../../test/sample-pass";
import { ResultsView } from "./results-view";
import { stubVirtualLayout } from "../../test/virtual-layout";

const issuedRow = (n: number): ResultRow => ({
  rowId: `r${n}`,
  line: n + 1,
  identifier: `user${n}@contoso.example`,
  displayName: `User ${n}`,
  userPrincipalName: `user${n}@contoso.example`,
  outcome: { kind: "issued" },
});

const passFor = (n: number): IssuedPass =>
  samplePass({
    rowId: `r${n}`,
    userId: `id-${n}`,
    userPrincipalName: `user${n}@contoso.example`,
    displayName: `User ${n}`,
    value: `+Pass${n}x`,
  });

function setUp(count: number) {
  const rows = Array.from({ length: count }, (_, n) => issuedRow(n));
  const vault = new PassVault();
  for (let n = 0; n < count; n += 1) vault.put(passFor(n));
  const onDone = vi.fn();
  render(<ResultsView rows={rows} vault={vault} onDone={onDone} />);
  return { rows, vault, onDone };
}

describe("ResultsView", () => {
  beforeEach(stubVirtualLayout);
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("renders only a window of 10,000 rows while announcing the full row count", () => {
    setUp(10_000);
    const table = screen.getByRole("table", { name: "Results per user" });
    expect(table.getAttribute("aria-rowcount")).toBe("10001");
    const rendered = within(table).getAllByRole("row");
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThanOrEqual(100);
    expect(rendered[1]!.getAttribute("aria-rowindex")).toBe("2");
  });

  it("copies one pass exactly and announces it politely without repeating the value", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    setUp(3);

    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy pass for user1@contoso.example" }));
    });

    expect(writeText).toHaveBeenCalledWith("+Pass1x");
    const status = screen.getByRole("status");
    expect(status.textContent).toBe("Copied the pass for user1@contoso.example.");
    expect(status.textContent).not.toContain("+Pass1x");
  });

  it("says plainly when the clipboard is unavailable", async () => {
    vi.stubGlobal("navigator", {});
    setUp(1);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy all" }));
    });
    expect(screen.getByRole("status").textContent).toMatch(/clipboard isn't available/);
  });

  it("asks before Done while passes are unsaved, then clears them and finishes", async () => {
    const { vault, onDone } = setUp(2);
    fireEvent.click(screen.getByRole("button", { name: "Done" }));

    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("You haven't exported, copied or printed these passes. They can't be shown again.");
    expect(onDone).not.toHaveBeenCalled();

    fireEvent.click(within(dialog).getByRole("button", { name: "Clear the passes and finish" }));
    expect(vault.size).toBe(0);
    expect(onDone).toHaveBeenCalledOnce();
  });

  it("shows the run's ticket and prints it on every slip, with the tenant's name and the issuer", async () => {
    const rows = [issuedRow(0), issuedRow(1)];
    const vault = new PassVault();
    vault.put(passFor(0));
    vault.put(passFor(1));
    vi.stubGlobal("print", vi.fn());
    render(
      <ResultsView
        rows={rows}
        vault={vault}
        onDone={vi.fn()}
        ticket="INC0042"
        organizationName="Contoso"
        issuer="Megan Bowen (megan@contoso.example)"
        receiptActions={<button>Receipt (CSV)</button>}
      />,
    );
    expect(screen.getByText("Ticket / reference: INC0042")).toBeTruthy();
    expect(within(screen.getByRole("group", { name: "Receipt of this run" })).getByRole("button", { name: "Receipt (CSV)" })).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Print handouts" }));
    const dialog = await screen.findByRole("dialog", { name: "Print handouts" });
    fireEvent.click(within(dialog).getByRole("radio", { name: "4 slips per page, with cut lines" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Print" }));
    expect(window.print).toHaveBeenCalledOnce();
    for (const n of [0, 1]) {
      // The print sheet is hidden on screen, so it is found among hidden elements.
      const slip = screen.getByRole("article", { name: `Temporary Access Pass for user${n}@contoso.example`, hidden: true });
      expect(slip.textContent).toContain("Ticket INC0042 · Issued by Megan Bowen (megan@contoso.example)");
      expect(slip.textContent).toContain("Contoso");
    }
    expect(screen.getByTestId("handout-sheet").dataset.perPage).toBe("4");
    expect(vault.hasUnsavedValues).toBe(false);
  });

  it("prints a subset (a manager's pack) through the same handouts, counting only those passes as saved", async () => {
    const rows = [issuedRow(0), issuedRow(1)];
    const vault = new PassVault();
    vault.put(passFor(0));
    vault.put(passFor(1));
    vi.stubGlobal("print", vi.fn());
    render(
      <ResultsView
        rows={rows}
        vault={vault}
        onDone={vi.fn()}
        groupedView={{
          label: "Group by manager",
          render: ({ printRows }) => <button onClick={() => printRows([rows[1]!], "Passes for Ann's people")}>Print pack</button>,
        }}
      />,
    );
    const printWith = async (button: string) => {
      fireEvent.click(screen.getByRole("button", { name: button }));
      const dialog = await screen.findByRole("dialog", { name: "Print handouts" });
      // Found, not got: under load the dialog may still be settling in when first seen.
      fireEvent.click(await within(dialog).findByRole("button", { name: "Print" }));
      // The dialog fades out; the next print must not find this one closing.
      await waitFor(() => expect(screen.queryByRole("dialog", { name: "Print handouts", hidden: true })).toBeNull());
    };
    const slipFor = (n: number) =>
      screen.queryByRole("article", { name: `Temporary Access Pass for user${n}@contoso.example`, hidden: true });

    expect(screen.queryByRole("button", { name: "Print pack" })).toBeNull();
    fireEvent.click(screen.getByRole("switch", { name: "Group by manager" }));
    expect(screen.queryByRole("table", { name: "Results per user" })).toBeNull();
    await printWith("Print pack");
    expect(slipFor(1)).toBeTruthy();
    expect(slipFor(0)).toBeNull();
    expect(screen.getByRole("heading", { name: "Passes for Ann's people", hidden: true })).toBeTruthy();
    expect(vault.hasUnsavedValues).toBe(true);
    act(() => void window.dispatchEvent(new Event("afterprint")));
    // The whole run's Print handouts still prints every slip.
    await printWith("Print handouts");
    expect(slipFor(0)).toBeTruthy();
    expect(vault.hasUnsavedValues).toBe(false);
  });

  it("finishes without asking once the passes were saved", () => {
    const { vault, onDone } = setUp(2);
    act(() => vault.markSaved());
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(vault.size).toBe(0);
    expect(onDone).toHaveBeenCalledOnce();
  });
});
