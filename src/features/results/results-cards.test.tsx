// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { PassVault } from "../../lib/tap/pass-vault";
import type { ResultRow } from "../../lib/tap/run-types";
import { samplePass } from "../../test/sample-pass";
import { stubVirtualLayout } from "../../test/virtual-layout";
import { ResultsView } from "./results-view";

/** A phone-width window: the media query for narrow screens matches. */
function stubPhoneWidth(): void {
  vi.stubGlobal("matchMedia", (query: string) => ({
    matches: query.includes("max-width"),
    media: query,
    addEventListener() {},
    removeEventListener() {},
  }));
}

const issuedRow = (n: number, extra: Partial<ResultRow> = {}): ResultRow => ({
  rowId: `r${n}`,
  line: n + 1,
  identifier: `user${n}@contoso.example`,
  displayName: `User ${n}`,
  userPrincipalName: `user${n}@contoso.example`,
  outcome: { kind: "issued" },
  ...extra,
});

function setUp(rows: ResultRow[]) {
  const vault = new PassVault();
  for (const row of rows) {
    if (row.outcome.kind === "issued")
      vault.put(samplePass({ rowId: row.rowId, userPrincipalName: row.userPrincipalName ?? "", value: `+Pass${row.rowId}x` }));
  }
  render(<ResultsView rows={rows} vault={vault} onDone={vi.fn()} />);
  return vault;
}

describe("results at phone width", () => {
  beforeEach(() => {
    stubVirtualLayout();
    stubPhoneWidth();
    // Cards are measured once shown; jsdom has no layout, so each measures as a typical card.
    vi.spyOn(HTMLElement.prototype, "offsetHeight", "get").mockReturnValue(180);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("shows one card per person instead of the table, and only a window of 10,000 cards", () => {
    setUp(Array.from({ length: 10_000 }, (_, n) => issuedRow(n)));
    expect(screen.queryByRole("table")).toBeNull();
    const list = screen.getByRole("list", { name: "Results per user" });
    const cards = within(list).getAllByRole("listitem");
    expect(cards.length).toBeGreaterThan(1);
    expect(cards.length).toBeLessThanOrEqual(20);
    expect(cards[0]!.getAttribute("aria-setsize")).toBe("10000");
    expect(cards[0]!.getAttribute("aria-posinset")).toBe("1");
  });

  it("shows the name, UPN, outcome and pass on a card, marks a disabled account, and copies the pass exactly", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    setUp([
      issuedRow(0, { accountDisabled: true }),
      issuedRow(1, { outcome: { kind: "failed", reason: "Entra refused.", code: "accessDenied", status: 403, requestId: "req-9" } }),
    ]);
    const [first, second] = screen.getAllByTestId("result-card");
    expect(first!.textContent).toContain("User 0");
    expect(first!.textContent).toContain("user0@contoso.example");
    expect(within(first!).getByTestId("pass-value").textContent).toBe("+Passr0x");
    expect(first!.textContent).toContain("Account disabled — the pass works once the account is enabled");
    expect(second!.textContent).toContain("Failed");
    expect(second!.textContent).toContain("Entra refused.");
    expect(second!.textContent).toContain("req-9");
    expect(second!.textContent).not.toContain("Account disabled");

    await act(async () => {
      fireEvent.click(within(first!).getByRole("button", { name: "Copy pass for user0@contoso.example" }));
    });
    expect(writeText).toHaveBeenCalledWith("+Passr0x");
  });
});
