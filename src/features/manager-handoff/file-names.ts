import type { ManagerRef } from "../../lib/graph/types";
import { managerName } from "./group-by-manager";

// Characters Windows, macOS or zip tools refuse or misread in a file name, and control characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
const MAX_STEM = 80;

/** A file-name stem from a person's name: no path separators or reserved names, never empty. */
export function safeFileStem(name: string, fallback = "manager"): string {
  let stem = name.normalize("NFC").replace(UNSAFE, " ").replace(/\s+/g, " ").trim();
  // Leading dots hide a file; trailing dots and spaces are dropped by Windows.
  stem = stem.replace(/^[.\s]+|[.\s]+$/g, "");
  if (stem.length > MAX_STEM) stem = stem.slice(0, MAX_STEM).replace(/[.\s]+$/, "");
  if (stem === "") stem = fallback;
  if (RESERVED.test(stem)) stem = `_${stem}`;
  return stem;
}

/**
 * One `.xlsx` name per manager, in order: their name made safe, with " (2)", " (3)"… when two managers
 * share a name (compared without case, as Windows and macOS do).
 */
export function managerWorkbookNames(managers: readonly ManagerRef[]): string[] {
  const used = new Set<string>();
  return managers.map((manager) => {
    const stem = safeFileStem(managerName(manager));
    let name = `${stem}.xlsx`;
    for (let n = 2; used.has(name.toLowerCase()); n += 1) name = `${stem} (${n}).xlsx`;
    used.add(name.toLowerCase());
    return name;
  });
}
