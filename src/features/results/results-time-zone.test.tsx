// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/react";
import { PassVault } from "../../lib/tap/pass-vault";
import type { ResultRow } from "../../lib/tap/run-types";
import { samplePass } from "../../test/sample-pass";
import { stubVirtualLayout } from "../../test/virtual-layout";
import { ResultsView } from "./results-view";

describe("ResultsView validity times", () => {
  beforeEach(stubVirtualLayout);
  afterEach(cleanup);

  it("shows a first-day pass in the person's own zone beside UTC, and others as before", () => {
    const rows: ResultRow[] = [0, 1].map((n) => ({
      rowId: `r${n}`,
      line: n + 2,
      identifier: `user${n}@contoso.example`,
      displayName: `User ${n}`,
      userPrincipalName: `user${n}@contoso.example`,
      outcome: { kind: "issued" },
      ...(n === 0 ? { timeZone: "Asia/Tokyo" } : {}),
    }));
    const vault = new PassVault();
    for (const n of [0, 1]) {
      vault.put(
        samplePass({
          rowId: `r${n}`,
          userPrincipalName: `user${n}@contoso.example`,
          startDateTime: "2026-12-06T22:30:00Z",
          endDateTime: "2026-12-07T06:30:00Z",
        }),
      );
    }
    render(<ResultsView rows={rows} vault={vault} onDone={() => undefined} />);
    const table = screen.getByRole("table", { name: "Results per user" });
    const [tokyo, browser] = within(table).getAllByRole("row").slice(1);
    expect(tokyo?.textContent).toContain("2026-12-07 07:30 (UTC+09:00)");
    expect(tokyo?.textContent).toContain("Asia/Tokyo · 2026-12-06 22:30 UTC");
    expect(tokyo?.textContent).toContain("2026-12-07 15:30 (UTC+09:00)");
    expect(browser?.textContent).not.toContain("Asia/Tokyo");
    expect(browser?.textContent).toContain("2026-12-06 22:30 UTC");
  });
});
