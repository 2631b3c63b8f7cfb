/**
 * What each character of a pass is, for telling look-alikes apart when a pass is read off paper or
 * over the phone: its kind (capital, small letter, digit, symbol), a short tag printed under it on a
 * slip, and the words to say it aloud (NATO alphabet, case said). Pure; never drops a character.
 */

export type CharacterKind = "upper" | "lower" | "digit" | "symbol";

const NATO: Record<string, string> = {
  a: "Alfa",
  b: "Bravo",
  c: "Charlie",
  d: "Delta",
  e: "Echo",
  f: "Foxtrot",
  g: "Golf",
  h: "Hotel",
  i: "India",
  j: "Juliett",
  k: "Kilo",
  l: "Lima",
  m: "Mike",
  n: "November",
  o: "Oscar",
  p: "Papa",
  q: "Quebec",
  r: "Romeo",
  s: "Sierra",
  t: "Tango",
  u: "Uniform",
  v: "Victor",
  w: "Whiskey",
  x: "X-ray",
  y: "Yankee",
  z: "Zulu",
};

const DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/** Every printable ASCII symbol: [spoken name, short tag for under the glyph]. */
const SYMBOLS: Record<string, readonly [spoken: string, tag: string]> = {
  " ": ["space", "space"],
  "!": ["exclamation mark", "excl"],
  '"': ["double quote", "quote"],
  "#": ["hash", "hash"],
  $: ["dollar sign", "dollar"],
  "%": ["percent sign", "pct"],
  "&": ["ampersand", "amp"],
  "'": ["apostrophe", "apos"],
  "(": ["opening parenthesis", "paren"],
  ")": ["closing parenthesis", "paren"],
  "*": ["asterisk", "star"],
  "+": ["plus sign", "plus"],
  ",": ["comma", "comma"],
  "-": ["hyphen", "dash"],
  ".": ["dot", "dot"],
  "/": ["forward slash", "slash"],
  ":": ["colon", "colon"],
  ";": ["semicolon", "semi"],
  "<": ["less-than sign", "less"],
  "=": ["equals sign", "equals"],
  ">": ["greater-than sign", "more"],
  "?": ["question mark", "quest"],
  "@": ["at sign", "at"],
  "[": ["opening square bracket", "square"],
  "\\": ["backslash", "bslash"],
  "]": ["closing square bracket", "square"],
  "^": ["caret", "caret"],
  _: ["underscore", "under"],
  "`": ["backtick", "btick"],
  "{": ["opening curly brace", "curly"],
  "|": ["vertical bar", "bar"],
  "}": ["closing curly brace", "curly"],
  "~": ["tilde", "tilde"],
};

const codePoint = (char: string): string => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** The characters of a pass, whole code points (an emoji or accented letter stays one character). */
export function passCharacters(value: string): string[] {
  return Array.from(value);
}

export function characterKind(char: string): CharacterKind {
  if (/^[0-9]$/.test(char)) return "digit";
  if (/^\p{Lu}$/u.test(char)) return "upper";
  if (/^\p{Ll}$/u.test(char)) return "lower";
  return "symbol";
}

/** How to say one character on the phone: "capital Charlie", "lower yankee", "seven", "asterisk". */
export function spokenCharacter(char: string): string {
  const digit = /^[0-9]$/.test(char) ? DIGITS[Number(char)] : undefined;
  if (digit) return digit;
  const nato = NATO[char.toLowerCase()];
  if (nato && /^[A-Z]$/.test(char)) return `capital ${nato}`;
  if (nato && /^[a-z]$/.test(char)) return `lower ${nato.toLowerCase()}`;
  const symbol = SYMBOLS[char];
  if (symbol) return symbol[0];
  // Outside what Entra puts in a pass: still said, never skipped. Letters keep their case and themselves.
  const kind = characterKind(char);
  if (kind === "upper") return `capital ${char} (${codePoint(char)})`;
  if (kind === "lower") return `lower ${char} (${codePoint(char)})`;
  return `character ${codePoint(char)}`;
}

/** The short tag printed under a character on a slip: "cap", "low", "digit", or the symbol's name. */
export function characterTag(char: string): string {
  const kind = characterKind(char);
  if (kind === "upper") return "cap";
  if (kind === "lower") return "low";
  if (kind === "digit") return "digit";
  return SYMBOLS[char]?.[1] ?? codePoint(char);
}

/** One group of a read-aloud spelling: which characters (1-based) it covers and the words for each. */
export interface SpokenGroup {
  from: number;
  to: number;
  words: string[];
}

/**
 * The pass spelled for reading aloud, in groups (four by default) so the listener can repeat each
 * group back. The words are for saying, never for copying: they are not the value.
 */
export function readAloud(value: string, size = 4): SpokenGroup[] {
  const chars = passCharacters(value);
  const step = Math.max(1, Math.floor(size));
  const groups: SpokenGroup[] = [];
  for (let start = 0; start < chars.length; start += step) {
    const slice = chars.slice(start, start + step);
    groups.push({ from: start + 1, to: start + slice.length, words: slice.map(spokenCharacter) });
  }
  return groups;
}

/** The spelling as one line of text: groups joined by " / ", words by " · ". */
export function readAloudText(value: string, size = 4): string {
  return readAloud(value, size)
    .map((group) => group.words.join(" · "))
    .join(" / ");
}
