// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { PassVault } from "../../lib/tap/pass-vault";
import { samplePass } from "../../test/sample-pass";
import { ExportWorkbookButton } from "./export-workbook-button";

const exportWorkbook = vi.hoisted(() => vi.fn<() => Promise<void>>());
vi.mock("./download-workbook", () => ({ exportWorkbook }));

describe("ExportWorkbookButton", () => {
  afterEach(() => {
    cleanup();
    exportWorkbook.mockReset();
  });

  it("says so when the workbook code cannot load, and leaves the values unsaved so leaving still asks", async () => {
    exportWorkbook.mockRejectedValue(new TypeError("Failed to fetch dynamically imported module"));
    const vault = new PassVault();
    vault.put(samplePass());
    render(<ExportWorkbookButton rows={[]} vault={vault} disabled={false} />);

    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Export Excel workbook" }));
    });

    expect(screen.getByRole("alert").textContent).toBe("The Excel export could not load. Try again, or use Export CSV.");
    expect(vault.hasUnsavedValues).toBe(true);
    expect(screen.getByRole("button", { name: "Export Excel workbook" }).hasAttribute("disabled")).toBe(false);
  });

  it("clears the message once an export succeeds", async () => {
    exportWorkbook.mockRejectedValueOnce(new Error("offline")).mockResolvedValueOnce(undefined);
    const vault = new PassVault();
    render(<ExportWorkbookButton rows={[]} vault={vault} disabled={false} />);
    const button = screen.getByRole("button", { name: "Export Excel workbook" });
    await act(async () => {
      fireEvent.click(button);
    });
    expect(screen.queryByRole("alert")).not.toBeNull();
    await act(async () => {
      fireEvent.click(button);
    });
    expect(screen.queryByRole("alert")).toBeNull();
    expect(exportWorkbook).toHaveBeenCalledTimes(2);
  });
});
