/**
 * What a key pressed in "Find people" does, following the WAI-ARIA combobox pattern (list
 * autocomplete, focus stays in the text box, the highlighted match is aria-activedescendant).
 * Pure, so every key is tested without a browser.
 */
export interface PickerKeyState {
  /** The list of matches is on screen. */
  listShown: boolean;
  /** How many matches the list holds. */
  matches: number;
  /** Index of the highlighted match. */
  active: number;
  /** The matches belong to the text as typed now (none is still being searched for). */
  settled: boolean;
  text: string;
  chips: number;
}

export type PickerKeyAction =
  | { kind: "highlight"; index: number }
  | { kind: "pick"; index: number }
  | { kind: "open" }
  | { kind: "close" }
  | { kind: "clear-text" }
  | { kind: "remove-last-chip" }
  /** Enter in the empty box with people picked: go on to the check, as the Continue button does. */
  | { kind: "continue" }
  /** Swallow the key: Enter typed ahead of the matches for the text must not add someone from an older list. */
  | { kind: "ignore" }
  /** Let the browser do what it does (type, move the caret, Tab away). */
  | { kind: "default" };

export function pickerKeyAction(key: string, state: PickerKeyState): PickerKeyAction {
  const last = state.matches - 1;
  switch (key) {
    case "ArrowDown":
      if (!state.listShown) return state.text.trim() === "" ? { kind: "default" } : { kind: "open" };
      return { kind: "highlight", index: Math.min(state.active + 1, last) };
    case "ArrowUp":
      if (!state.listShown) return { kind: "default" };
      return { kind: "highlight", index: Math.max(state.active - 1, 0) };
    case "PageDown":
      return state.listShown ? { kind: "highlight", index: Math.min(state.active + PAGE, last) } : { kind: "default" };
    case "PageUp":
      return state.listShown ? { kind: "highlight", index: Math.max(state.active - PAGE, 0) } : { kind: "default" };
    case "Enter":
      if (state.listShown && state.settled && state.matches > 0) return { kind: "pick", index: state.active };
      if (state.text.trim() !== "") return { kind: "ignore" };
      return state.chips > 0 ? { kind: "continue" } : { kind: "default" };
    case "Escape":
      if (state.listShown) return { kind: "close" };
      return state.text === "" ? { kind: "default" } : { kind: "clear-text" };
    case "Backspace":
      return state.text === "" && state.chips > 0 ? { kind: "remove-last-chip" } : { kind: "default" };
    case "Tab":
      return state.listShown ? { kind: "close" } : { kind: "default" };
    default:
      return { kind: "default" };
  }
}

const PAGE = 5;
