import { describe, expect, it } from "vitest";
import { characterKind, characterTag, passCharacters, readAloud, readAloudText, spokenCharacter } from "./pass-characters";

describe("spokenCharacter", () => {
  it("says letters with the NATO alphabet and their case, digits as words", () => {
    expect(spokenCharacter("C")).toBe("capital Charlie");
    expect(spokenCharacter("y")).toBe("lower yankee");
    expect(spokenCharacter("X")).toBe("capital X-ray");
    expect(spokenCharacter("7")).toBe("seven");
    expect(spokenCharacter("0")).toBe("zero");
    expect(spokenCharacter("O")).toBe("capital Oscar");
    expect(spokenCharacter("l")).toBe("lower lima");
    expect(spokenCharacter("I")).toBe("capital India");
    expect(spokenCharacter("1")).toBe("one");
  });

  it("names every symbol a pass can contain", () => {
    const named = { "+": "plus sign", "!": "exclamation mark", "#": "hash", $: "dollar sign", "%": "percent sign", "&": "ampersand" };
    for (const [char, words] of Object.entries(named)) expect(spokenCharacter(char)).toBe(words);
    expect(spokenCharacter("*")).toBe("asterisk");
    expect(spokenCharacter("@")).toBe("at sign");
    expect(spokenCharacter("?")).toBe("question mark");
    expect(spokenCharacter("=")).toBe("equals sign");
    expect(spokenCharacter("-")).toBe("hyphen");
    expect(spokenCharacter("_")).toBe("underscore");
    expect(spokenCharacter(".")).toBe("dot");
    // Every printable ASCII character has words of its own, never itself or a code point.
    for (let code = 0x20; code < 0x7f; code++) {
      const char = String.fromCharCode(code);
      const words = spokenCharacter(char);
      expect(words, char).not.toMatch(/U\+/);
      expect(words.length, char).toBeGreaterThan(2);
    }
  });

  it("never drops a character it doesn't know: it says its code point", () => {
    expect(spokenCharacter("é")).toBe("lower é (U+00E9)");
    expect(spokenCharacter("€")).toBe("character U+20AC");
    expect(spokenCharacter("😀")).toBe("character U+1F600");
  });
});

describe("readAloud", () => {
  it("groups the spelling in fours, numbering the characters each group covers", () => {
    expect(readAloud("C*yk7Q")).toEqual([
      { from: 1, to: 4, words: ["capital Charlie", "asterisk", "lower yankee", "lower kilo"] },
      { from: 5, to: 6, words: ["seven", "capital Quebec"] },
    ]);
    expect(readAloudText("C*yk7Q")).toBe("capital Charlie · asterisk · lower yankee · lower kilo / seven · capital Quebec");
  });

  it("has one word per character, astral characters included", () => {
    const value = "a😀b";
    expect(passCharacters(value)).toHaveLength(3);
    expect(readAloud(value).flatMap((group) => group.words)).toHaveLength(3);
    expect(readAloud("")).toEqual([]);
  });
});

describe("characterKind and characterTag", () => {
  it("tell apart the look-alikes 0/O/o and 1/l/I/|", () => {
    const tags = Object.fromEntries(["0", "O", "o", "1", "l", "I", "|"].map((char) => [char, characterTag(char)]));
    expect(tags).toEqual({ "0": "digit", O: "cap", o: "low", "1": "digit", l: "low", I: "cap", "|": "bar" });
    expect(characterKind("5")).toBe("digit");
    expect(characterKind("Ä")).toBe("upper");
    expect(characterKind("$")).toBe("symbol");
    expect(characterTag("€")).toBe("U+20AC");
  });
});
