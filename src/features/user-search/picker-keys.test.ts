import { describe, expect, it } from "vitest";
import { pickerKeyAction, type PickerKeyState } from "./picker-keys";

const shown: PickerKeyState = { listShown: true, matches: 12, active: 0, settled: true, text: "ad", chips: 0 };
const hidden: PickerKeyState = { ...shown, listShown: false };

describe("pickerKeyAction", () => {
  it("moves the highlight with the arrows and pages, stopping at either end", () => {
    expect(pickerKeyAction("ArrowDown", shown)).toEqual({ kind: "highlight", index: 1 });
    expect(pickerKeyAction("ArrowDown", { ...shown, active: 11 })).toEqual({ kind: "highlight", index: 11 });
    expect(pickerKeyAction("ArrowUp", { ...shown, active: 3 })).toEqual({ kind: "highlight", index: 2 });
    expect(pickerKeyAction("ArrowUp", shown)).toEqual({ kind: "highlight", index: 0 });
    expect(pickerKeyAction("PageDown", { ...shown, active: 9 })).toEqual({ kind: "highlight", index: 11 });
    expect(pickerKeyAction("PageUp", { ...shown, active: 3 })).toEqual({ kind: "highlight", index: 0 });
  });

  it("opens a closed list with ArrowDown when there is text, and leaves other keys to the browser", () => {
    expect(pickerKeyAction("ArrowDown", hidden)).toEqual({ kind: "open" });
    expect(pickerKeyAction("ArrowDown", { ...hidden, text: " " })).toEqual({ kind: "default" });
    expect(pickerKeyAction("ArrowUp", hidden)).toEqual({ kind: "default" });
    expect(pickerKeyAction("PageDown", hidden)).toEqual({ kind: "default" });
    expect(pickerKeyAction("a", shown)).toEqual({ kind: "default" });
    expect(pickerKeyAction("Home", shown)).toEqual({ kind: "default" });
  });

  it("adds the highlighted match on Enter only when the matches belong to the text typed", () => {
    expect(pickerKeyAction("Enter", { ...shown, active: 4 })).toEqual({ kind: "pick", index: 4 });
    // Typed ahead of the search: the list still shows the matches for older text.
    expect(pickerKeyAction("Enter", { ...shown, settled: false })).toEqual({ kind: "ignore" });
    expect(pickerKeyAction("Enter", { ...hidden, settled: false })).toEqual({ kind: "ignore" });
    expect(pickerKeyAction("Enter", { ...hidden, text: "" })).toEqual({ kind: "default" });
  });

  it("continues to the check on Enter in the empty box once people are picked", () => {
    expect(pickerKeyAction("Enter", { ...hidden, text: "", chips: 2 })).toEqual({ kind: "continue" });
    expect(pickerKeyAction("Enter", { ...hidden, text: " ", chips: 1 })).toEqual({ kind: "continue" });
    expect(pickerKeyAction("Enter", { ...hidden, text: "ad", chips: 1 })).toEqual({ kind: "ignore" });
    expect(pickerKeyAction("Enter", { ...shown, chips: 1 })).toEqual({ kind: "pick", index: 0 });
  });

  it("closes the list with Escape, then clears the text", () => {
    expect(pickerKeyAction("Escape", shown)).toEqual({ kind: "close" });
    expect(pickerKeyAction("Escape", hidden)).toEqual({ kind: "clear-text" });
    expect(pickerKeyAction("Escape", { ...hidden, text: "" })).toEqual({ kind: "default" });
  });

  it("removes the last chip with Backspace in an empty box, and otherwise deletes text", () => {
    expect(pickerKeyAction("Backspace", { ...hidden, text: "", chips: 2 })).toEqual({ kind: "remove-last-chip" });
    expect(pickerKeyAction("Backspace", { ...hidden, text: "", chips: 0 })).toEqual({ kind: "default" });
    expect(pickerKeyAction("Backspace", { ...shown, chips: 2 })).toEqual({ kind: "default" });
  });

  it("closes the list on Tab without keeping focus", () => {
    expect(pickerKeyAction("Tab", shown)).toEqual({ kind: "close" });
    expect(pickerKeyAction("Tab", hidden)).toEqual({ kind: "default" });
  });
});
