const specialLetters: Record<string, string> = {
  ł: "l",
  ø: "o",
  æ: "ae",
  ß: "ss",
  đ: "d",
  þ: "th",
  ð: "d",
  œ: "oe",
  ı: "i",
};

/** Lower-case with diacritics folded, so "jose" finds "José" and "lukasz" finds "Łukasz". */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  return [...lower]
    .map((c) => specialLetters[c] ?? c)
    .join("")
    .normalize("NFD")
    .replace(/\p{M}/gu, "");
}

/**
 * Directory-search tokens: split on spaces, symbols, case changes and letter/digit boundaries
 * (graph search-query-parameter.md), then folded.
 */
export function searchTokens(text: string): string[] {
  const spaced = text
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{L})(\p{N})/gu, "$1 $2")
    .replace(/(\p{N})(\p{L})/gu, "$1 $2");
  return spaced
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .map(fold);
}

export function levenshteinAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

const tokenCache = new Map<string, string[]>();

/** searchTokens memoised per string: directory names are searched on every keystroke of a picker. */
export function cachedSearchTokens(text: string): string[] {
  let tokens = tokenCache.get(text);
  if (!tokens) {
    if (tokenCache.size > 200_000) tokenCache.clear();
    tokens = searchTokens(text);
    tokenCache.set(text, tokens);
  }
  return tokens;
}
