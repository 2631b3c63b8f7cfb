// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { PassVault } from "../../lib/tap/pass-vault";
import type { ResultRow } from "../../lib/tap/run-types";
import { samplePass } from "../../test/sample-pass";
import { ResultsView } from "./results-view";
import { stubVirtualLayout } from "../../test/virtual-layout";

const row = (n: number, kind: "issued" | "failed" = "issued"): ResultRow => ({
  rowId: `r${n}`,
  line: n + 1,
  identifier: `user${n}@contoso.example`,
  displayName: `User ${n}`,
  userPrincipalName: `user${n}@contoso.example`,
  outcome: kind === "issued" ? { kind } : { kind, reason: "User not found." },
});

function setUp(rows: ResultRow[]) {
  const vault = new PassVault();
  for (const each of rows)
    if (each.outcome.kind === "issued")
      vault.put(samplePass({ rowId: each.rowId, userPrincipalName: each.identifier, value: `+V${each.rowId}` }));
  const onRemovePasses = vi.fn();
  const view = render(<ResultsView rows={rows} vault={vault} onDone={() => {}} onRemovePasses={onRemovePasses} />);
  return { vault, onRemovePasses, view };
}

describe("ResultsView: removing passes", () => {
  beforeEach(stubVirtualLayout);
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("offers a checkbox only on issued rows, and asks naming the count before removing exactly the selected ones", () => {
    const { onRemovePasses } = setUp([row(0), row(1), row(2, "failed"), row(3)]);
    expect(screen.queryByRole("checkbox", { name: "Select user2@contoso.example to remove the pass" })).toBeNull();
    fireEvent.click(screen.getByRole("checkbox", { name: "Select user0@contoso.example to remove the pass" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "Select user3@contoso.example to remove the pass" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove 2 passes" }));
    expect(onRemovePasses).not.toHaveBeenCalled();
    const dialog = screen.getByRole("dialog", { name: "Remove 2 passes?" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Remove 2 passes" }));
    expect(onRemovePasses).toHaveBeenCalledWith(["r0", "r3"]);
  });

  it("selects all issued rows at once, and keeping them removes nothing", () => {
    const { onRemovePasses } = setUp([row(0), row(1), row(2, "failed")]);
    fireEvent.click(screen.getByRole("checkbox", { name: "Select all issued (2)" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove 2 passes" }));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Keep them" }));
    expect(onRemovePasses).not.toHaveBeenCalled();
  });

  it("shows a removed row as Removed, without its value or a checkbox", () => {
    const removed = { ...row(0), removal: { kind: "removed" as const } };
    const vault = new PassVault();
    vault.put(samplePass({ rowId: "r1", userPrincipalName: "user1@contoso.example", value: "+V1" }));
    render(<ResultsView rows={[removed, row(1)]} vault={vault} onDone={() => {}} onRemovePasses={() => {}} />);
    const table = screen.getByRole("table");
    expect(within(table).getByText("Removed")).toBeTruthy();
    expect(within(table).getByText("Removed by TAP Desk.")).toBeTruthy();
    expect(screen.queryByRole("checkbox", { name: "Select user0@contoso.example to remove the pass" })).toBeNull();
  });
});
