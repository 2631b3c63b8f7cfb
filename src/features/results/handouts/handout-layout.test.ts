import { describe, expect, it } from "vitest";
import { defaultPaper, pageRule, pagesOf, slipArea, slipGrid } from "./handout-layout";

describe("handout layout", () => {
  it("puts slips on pages of the chosen size, the last one short", () => {
    const people = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    expect(pagesOf(people, 1)).toHaveLength(9);
    expect(pagesOf(people, 4)).toEqual([["a", "b", "c", "d"], ["e", "f", "g", "h"], ["i"]]);
    expect(pagesOf(people, 8).map((page) => page.length)).toEqual([8, 1]);
    expect(pagesOf([], 4)).toEqual([]);
  });

  it("lays four slips out 2 × 2 and eight 2 × 4", () => {
    expect(slipGrid(1)).toEqual({ columns: 1, rows: 1 });
    expect(slipGrid(4)).toEqual({ columns: 2, rows: 2 });
    expect(slipGrid(8)).toEqual({ columns: 2, rows: 4 });
  });

  it("guesses the paper from the locale's region", () => {
    expect(defaultPaper("en-US")).toBe("Letter");
    expect(defaultPaper("fr-CA")).toBe("Letter");
    expect(defaultPaper("en-GB")).toBe("A4");
    expect(defaultPaper("de")).toBe("A4");
    expect(defaultPaper("not a locale!")).toBe("A4");
  });

  it("fits the slips inside the paper's margins", () => {
    const a4 = slipArea({ perPage: 4, paper: "A4", spellOut: false });
    const letter = slipArea({ perPage: 4, paper: "Letter", spellOut: false });
    expect(a4.width).toBeLessThan(190);
    expect(a4.height).toBeLessThan(297 - 20 - 10);
    expect(letter.height).toBeLessThan(a4.height);
    expect(pageRule("Letter")).toBe("@page { size: letter portrait; margin: 10mm; }");
  });
});
