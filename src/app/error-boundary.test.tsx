// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { passVault } from "../lib/tap/pass-vault";
import { samplePass } from "../test/sample-pass";
import { ErrorBoundary } from "./error-boundary";
import { UnsavedPassesGuard } from "./unsaved-passes-guard";

function Boom(): never {
  throw new Error("a step fell over");
}

/** As main.tsx and the signed-in shell mount them: the guard beside the boundary, never inside it. */
function renderCrashed(inline: boolean) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <UnsavedPassesGuard />
      <ErrorBoundary vault={passVault} inline={inline}>
        <Boom />
      </ErrorBoundary>
    </FluentProvider>,
  );
}

const leave = () => {
  const event = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return event;
};

describe("ErrorBoundary", () => {
  beforeEach(() => {
    // React reports the caught error on the console; the boundary itself logs nothing.
    vi.spyOn(console, "error").mockImplementation(() => {});
    passVault.put(samplePass({ rowId: "a", value: "+Alpha123" }));
    passVault.put(samplePass({ rowId: "b", value: "=Bravo456" }));
  });
  afterEach(() => {
    cleanup();
    passVault.clear();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it.each([false, true])("keeps the passes reachable after a crash: Copy all copies every value (inline=%s)", async (inline) => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    renderCrashed(inline);
    expect(screen.getByText("Something went wrong")).toBeTruthy();
    expect(screen.getByText(/2 passes are still in this page's memory/)).toBeTruthy();

    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy all" }));
    });
    expect(writeText).toHaveBeenCalledWith("a@contoso.example\t+Alpha123\r\nb@contoso.example\t=Bravo456");
    expect(passVault.hasUnsavedValues).toBe(false);
  });

  it("exports the values from the vault and still asks before the page is left until then", async () => {
    const files: Blob[] = [];
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      files.push(blob as Blob);
      return "blob:http://localhost/1";
    };
    URL.revokeObjectURL = () => {};
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    renderCrashed(true);
    // The boundary replaced the screen; the leave-page question survived it.
    expect(leave().defaultPrevented).toBe(true);

    fireEvent.click(screen.getByRole("button", { name: "Export for scripts (User Name, Temporary Access Pass)" }));
    const text = await files[0]?.text();
    expect(text).toContain("+Alpha123");
    expect(text).toContain("=Bravo456");
    expect(leave().defaultPrevented).toBe(false);
    expect(await screen.findByRole("button", { name: "Print" })).toBeTruthy();
  });

  it("offers nothing to save when no pass is in memory", () => {
    passVault.clear();
    renderCrashed(false);
    expect(screen.getByText("Something went wrong")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Copy all" })).toBeNull();
  });
});
