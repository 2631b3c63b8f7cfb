// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { PassVault } from "../../lib/tap/pass-vault";
import type { IssuedPass } from "../../lib/tap/run-types";
import { PassCard } from "./pass-card";

const pass: IssuedPass = {
  rowId: "r1",
  userId: "id-1",
  userPrincipalName: "adele@contoso.example",
  displayName: "Adele Vance",
  value: "+Ab3$xYz9=Q",
  methodId: "m",
  createdDateTime: "2026-11-28T09:55:00Z",
  startDateTime: "2026-11-28T10:00:00Z",
  endDateTime: "2026-11-28T11:00:00Z",
  lifetimeInMinutes: 60,
  isUsableOnce: true,
};

function vaultWith(issued: IssuedPass): PassVault {
  const vault = new PassVault();
  vault.put(issued);
  return vault;
}

describe("PassCard", () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("shows the pass with nothing inside it and copies exactly the vault's value", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    const vault = vaultWith(pass);
    render(<PassCard pass={pass} vault={vault} onDone={() => {}} />);

    // The text a selection copies: every character, in order, with no space or separator between.
    expect(screen.getByTestId("pass-value").textContent).toBe("+Ab3$xYz9=Q");
    expect(screen.getByTestId("pass-value").textContent).toBe(vault.get("r1")?.value);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy pass" }));
    });
    expect(writeText).toHaveBeenCalledWith(vault.get("r1")?.value);
    expect(screen.getByRole("status").textContent).toBe("Copied the pass for adele@contoso.example.");
  });

  it("counts down to the start, then to expiry", () => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    vi.setSystemTime(new Date("2026-11-28T09:59:50Z"));
    render(<PassCard pass={pass} vault={vaultWith(pass)} onDone={() => {}} />);
    expect(screen.getByText("Starts in 10 s")).toBeTruthy();

    act(() => void vi.advanceTimersByTime(11_000));
    expect(screen.getByText("Expires in 59 min 59 s")).toBeTruthy();
  });

  it("asks before Done while the pass was neither copied nor printed; Go back keeps it", async () => {
    const vault = vaultWith(pass);
    const onDone = vi.fn();
    render(<PassCard pass={pass} vault={vault} onDone={onDone} />);
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    const dialog = await screen.findByRole("dialog", { name: "Finish without saving the passes?" });
    expect(onDone).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole("button", { name: "Go back" }));
    // The closing dialog leaves the DOM after its exit motion; wait, so the next query finds the new one.
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(onDone).not.toHaveBeenCalled();
    expect(vault.size).toBe(1);
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    fireEvent.click(await screen.findByRole("button", { name: "Clear the passes and finish" }));
    expect(onDone).toHaveBeenCalledOnce();
  });

  it("counts a copy as saved, so Done then finishes without asking", async () => {
    vi.stubGlobal("navigator", { clipboard: { writeText: vi.fn().mockResolvedValue(undefined) } });
    const vault = vaultWith(pass);
    const onDone = vi.fn();
    render(<PassCard pass={pass} vault={vault} onDone={onDone} />);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy pass" }));
    });
    expect(vault.hasUnsavedValues).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(onDone).toHaveBeenCalledOnce();
  });

  it("spells the pass out on demand, in groups, apart from the value and never in a copy", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    render(<PassCard pass={pass} vault={vaultWith(pass)} onDone={() => {}} />);
    expect(screen.queryByRole("list", { name: "Read-aloud spelling" })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Spell it out" }));
    const spelling = screen.getByRole("list", { name: "Read-aloud spelling" });
    expect(
      within(spelling)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual([
      "Characters 1–4: plus sign · capital Alfa · lower bravo · three",
      "Characters 5–8: dollar sign · lower x-ray · capital Yankee · lower zulu",
      "Characters 9–11: nine · equals sign · capital Quebec",
    ]);
    expect(screen.getByTestId("pass-value").textContent).toBe("+Ab3$xYz9=Q");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy pass" }));
    });
    expect(writeText).toHaveBeenCalledWith("+Ab3$xYz9=Q");

    fireEvent.click(screen.getByRole("button", { name: "Spell it out" }));
    expect(screen.queryByRole("list", { name: "Read-aloud spelling" })).toBeNull();
  });

  it("prints one slip in the person's time zone, named for the tenant and the issuer, and counts it as saved", () => {
    vi.stubGlobal("print", vi.fn());
    const vault = vaultWith(pass);
    render(
      <PassCard
        pass={pass}
        vault={vault}
        onDone={() => {}}
        ticket="INC7"
        timeZone="Asia/Tokyo"
        organizationName="Contoso"
        issuer="Megan Bowen (megan@contoso.example)"
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Print slip" }));
    expect(window.print).toHaveBeenCalledOnce();
    const slips = screen.getAllByTestId("handout-slip");
    expect(slips).toHaveLength(1);
    const text = slips[0]?.textContent ?? "";
    expect(text).toContain("Contoso");
    expect(text).toContain("Asia/Tokyo (UTC+09:00)");
    expect(text).toContain("Ticket INC7 · Issued by Megan Bowen (megan@contoso.example)");
    expect(screen.getByTestId("slip-pass").querySelectorAll(".tap-handout-glyph")).toHaveLength(11);
    expect(vault.hasUnsavedValues).toBe(false);

    // When printing ends the values leave the print sheet.
    act(() => void window.dispatchEvent(new Event("afterprint")));
    expect(screen.queryByTestId("handout-slip")).toBeNull();
  });
});
