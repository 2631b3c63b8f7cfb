/**
 * Up to two letters that stand for a person: the first letters of their first and last words.
 * Bracketed parts ("(Contractor)", "[EXT]") and punctuation are left out, so a label added to a
 * name does not become an initial; a name with no letters or digits gives "".
 */
export function initialsOf(name: string): string {
  const words = name
    .replace(/\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g, " ")
    .split(/[\s._@,;:/\\|-]+/)
    .map((word) => word.match(/[\p{L}\p{N}]/u)?.[0] ?? "")
    .filter((letter) => letter !== "");
  const first = words[0] ?? "";
  const last = words.length > 1 ? (words[words.length - 1] ?? "") : "";
  return (first + last).toLocaleUpperCase();
}

/** A stable small number for a name, so one person always gets the same badge colour. */
export function colorIndexOf(name: string, colors: number): number {
  let hash = 0;
  for (let index = 0; index < name.length; index++) hash = (hash * 31 + name.charCodeAt(index)) | 0;
  return Math.abs(hash) % colors;
}
