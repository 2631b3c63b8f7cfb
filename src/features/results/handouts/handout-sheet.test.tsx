// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/react";
import type { IssuedPass } from "../../../lib/tap/run-types";
import { HandoutSheet, type HandoutSlipData } from "./handout-sheet";
import type { HandoutLayout } from "./handout-layout";

function passFor(n: number, value = `0Ol1I|x${n}`): IssuedPass {
  return {
    rowId: `r${n}`,
    userId: `id-${n}`,
    userPrincipalName: `person${n}@contoso.example`,
    displayName: `Person ${n}`,
    value,
    methodId: `m${n}`,
    createdDateTime: "2026-11-29T23:55:00Z",
    startDateTime: "2026-11-30T00:30:00Z",
    endDateTime: "2026-11-30T08:30:00Z",
    lifetimeInMinutes: 480,
    isUsableOnce: true,
  };
}

const CONTEXT = { organizationName: "Contoso", issuer: "Megan Bowen (megan@contoso.example)", ticket: "INC0042" };
const layout = (perPage: HandoutLayout["perPage"], spellOut = false): HandoutLayout => ({ perPage, paper: "A4", spellOut });

describe("HandoutSheet", () => {
  afterEach(cleanup);

  it("prints everything a person needs on their slip, times in their own zone", () => {
    const slips: HandoutSlipData[] = [{ pass: passFor(1), timeZone: "Asia/Tokyo" }];
    render(<HandoutSheet title="Passes for INC0042" slips={slips} layout={layout(1)} context={CONTEXT} />);
    const slip = screen.getByRole("article", { name: "Temporary Access Pass for person1@contoso.example" });
    const text = slip.textContent ?? "";
    expect(text).toContain("Contoso");
    expect(text).toContain("Person 1");
    expect(text).toContain("person1@contoso.example");
    expect(text).toMatch(/Valid from.*30.*2026, 09:30 · Asia\/Tokyo \(UTC\+09:00\)/);
    expect(text).toMatch(/Valid until.*30.*2026, 17:30 · Asia\/Tokyo \(UTC\+09:00\)/);
    const steps = within(slip)
      .getAllByRole("listitem")
      .map((item) => item.textContent);
    expect(steps[0]).toBe("On a computer or phone, open https://aka.ms/mysecurityinfo (or scan the QR code).");
    expect(steps[1]).toContain("Sign in as person1@contoso.example.");
    expect(within(slip).getByRole("img", { name: "QR code of https://aka.ms/mysecurityinfo" })).toBeTruthy();
    expect(text).toContain("Ticket INC0042 · Issued by Megan Bowen (megan@contoso.example)");
    expect(text).not.toContain("Spoken:");
  });

  it("prints the browser's zone by name when the row has none", () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    render(<HandoutSheet title="t" slips={[{ pass: passFor(1) }]} layout={layout(1)} context={CONTEXT} />);
    expect(screen.getByTestId("handout-slip").textContent).toContain(`· ${zone} (UTC`);
  });

  it("tells look-alikes apart: every character boxed with what it is, digits marked", () => {
    render(<HandoutSheet title="t" slips={[{ pass: passFor(1, "0Ol1I|") }]} layout={layout(1)} context={CONTEXT} />);
    const cells = [...screen.getByTestId("slip-pass").querySelectorAll(".tap-handout-cell")];
    expect(
      cells.map((cell) => [cell.querySelector(".tap-handout-glyph")?.textContent, cell.querySelector(".tap-handout-tag")?.textContent]),
    ).toEqual([
      ["0", "digit"],
      ["O", "cap"],
      ["l", "low"],
      ["1", "digit"],
      ["I", "cap"],
      ["|", "bar"],
    ]);
    expect(cells.filter((cell) => cell.classList.contains("tap-handout-digit"))).toHaveLength(2);
    // The digit style is what a black-and-white printer keeps: weight and underline, not only colour.
    expect(document.querySelector("style")?.textContent).toMatch(
      /\.tap-handout-digit \.tap-handout-glyph \{ font-weight: 700; text-decoration: underline;/,
    );
  });

  it("adds the read-aloud spelling when asked", () => {
    render(<HandoutSheet title="t" slips={[{ pass: passFor(1, "C*y7") }]} layout={layout(1, true)} context={CONTEXT} />);
    expect(screen.getByTestId("handout-slip").textContent).toContain("Spoken: capital Charlie · asterisk · lower yankee · seven");
  });

  it("tells the person on a disabled account's slip that the pass works once the account is enabled, and no one else", () => {
    render(
      <HandoutSheet
        title="t"
        slips={[{ pass: passFor(1), accountDisabled: true }, { pass: passFor(2) }]}
        layout={layout(1)}
        context={CONTEXT}
      />,
    );
    const [first, second] = screen.getAllByTestId("handout-slip");
    expect(first?.textContent).toContain("Your account is not enabled yet: this pass works once IT enables it.");
    expect(second?.textContent).not.toContain("not enabled");
  });

  it("puts four slips on a page with cut lines, headed by the title and page number", () => {
    const slips = [1, 2, 3, 4, 5].map((n) => ({ pass: passFor(n) }));
    const { container } = render(<HandoutSheet title="For Alex Wilber — 5 people" slips={slips} layout={layout(4)} context={CONTEXT} />);
    const pages = screen.getAllByRole("region");
    expect(pages.map((page) => page.getAttribute("aria-label"))).toEqual(["Page 1 of 2", "Page 2 of 2"]);
    expect(pages.map((page) => within(page).getAllByRole("article").length)).toEqual([4, 1]);
    expect(within(pages[0] as HTMLElement).getByRole("heading", { level: 1 }).textContent).toBe("For Alex Wilber — 5 people");
    expect(pages[0]?.textContent).toContain("Cut along the dashed lines ·");
    expect(container.querySelector(".tap-handout-cut")).not.toBeNull();
    expect(container.querySelector("style")?.textContent).toContain("@page { size: A4 portrait;");
  });

  it("leaves the tenant's name out while it is unknown rather than inventing one", () => {
    render(<HandoutSheet title="t" slips={[{ pass: passFor(1) }]} layout={layout(1)} context={{ ...CONTEXT, organizationName: null }} />);
    expect(document.querySelector(".tap-handout-org")).toBeNull();
    expect(screen.getByTestId("handout-slip").textContent).toContain("Temporary Access Pass");
  });

  it("one slip per page has no cut lines", () => {
    const slips = [1, 2].map((n) => ({ pass: passFor(n) }));
    const { container } = render(<HandoutSheet title="t" slips={slips} layout={layout(1)} context={CONTEXT} />);
    expect(screen.getAllByRole("region")).toHaveLength(2);
    expect(container.querySelector(".tap-handout-cut")).toBeNull();
  });
});
