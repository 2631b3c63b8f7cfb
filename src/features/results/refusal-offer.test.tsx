// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import type { LearnedPolicy, ResultRow, RowOutcome } from "../../lib/tap/run-types";
import { RefusalOffer, type ReissueChoice } from "./refusal-offer";
import { lifetimeChoices, summarizeRefusals } from "./refusal-summary";

const row = (rowId: string, outcome: RowOutcome): ResultRow => ({
  rowId,
  line: 2,
  identifier: `${rowId}@contoso.example`,
  displayName: null,
  userPrincipalName: null,
  outcome,
});
const rows: ResultRow[] = [
  row("a", { kind: "issued" }),
  row("b", { kind: "failed", reason: "r", policyRefusal: { kind: "lifetime", requestedMinutes: 2880 } }),
  row("c", { kind: "failed", reason: "r", policyRefusal: { kind: "lifetime", requestedMinutes: 2880 } }),
  row("d", { kind: "failed", reason: "r", policyRefusal: { kind: "multiUse" } }),
  row("e", { kind: "failed", reason: "not found" }),
];
const learned: LearnedPolicy = { lifetimeRange: { min: 60, max: 1440 }, forcesOneTime: true };

function renderOffer(onReissue: (choice: ReissueChoice) => void, offerRows = rows, knowledge = learned) {
  render(
    <FluentProvider theme={webLightTheme}>
      <RefusalOffer rows={offerRows} learned={knowledge} onReissue={onReissue} />
    </FluentProvider>,
  );
}

describe("refusal offer", () => {
  it("counts refused rows by kind and offers lifetimes inside the learned range only", () => {
    expect(summarizeRefusals(rows)).toEqual({ lifetimeRows: 2, multiUseRows: 1 });
    expect(lifetimeChoices({ min: 60, max: 1440 })).toEqual([60, 480, 1440]);
    expect(lifetimeChoices({ min: 90, max: 600 })).toEqual([90, 480, 600]);
  });

  it("shows the learned range and lets the admin pick the lifetime before re-issuing (never silently)", () => {
    const choices: ReissueChoice[] = [];
    renderOffer((choice) => choices.push(choice));
    expect(screen.getByText("1 hour–1 day")).toBeTruthy();
    expect(screen.getByText(/not certain/)).toBeTruthy();
    const button = screen.getByRole("button", { name: "Re-issue 3 passes as one-time passes" });
    expect(button).toHaveProperty("disabled", true);
    fireEvent.change(screen.getByLabelText("Lifetime for the re-issued passes"), { target: { value: "1440" } });
    fireEvent.click(screen.getByRole("button", { name: "Re-issue 3 passes lasting 1 day as one-time passes" }));
    expect(choices).toEqual([{ lifetimeInMinutes: 1440, isUsableOnce: true }]);
  });

  it("says nothing when nothing was learned and nothing refused", () => {
    renderOffer(() => undefined, [rows[0]!, rows[4]!], { lifetimeRange: null, forcesOneTime: false });
    expect(screen.queryByText("What Entra allows in this tenant")).toBeNull();
  });
});
