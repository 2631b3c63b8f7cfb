import { describe, expect, it } from "vitest";
import { groupPassValue } from "./pass-display";

describe("groupPassValue", () => {
  it("groups a pass in fours without adding or losing a character", () => {
    const value = "+Ab3$xYz9=Q";
    const groups = groupPassValue(value);
    expect(groups).toEqual(["+Ab3", "$xYz", "9=Q"]);
    expect(groups.join("")).toBe(value);
  });

  it("keeps an empty or short value whole", () => {
    expect(groupPassValue("")).toEqual([]);
    expect(groupPassValue("abc")).toEqual(["abc"]);
    expect(groupPassValue("abcdef", 0)).toEqual(["abcdef"]);
  });
});
