/** Graph's accepted range for `lifetimeInMinutes` (the tenant policy may be narrower; preflight checks that). */
export const MIN_LIFETIME_MINUTES = 10;
export const MAX_LIFETIME_MINUTES = 43200;

export type OverrideParse<T> = { ok: true; value: T | undefined } | { ok: false; reason: string };

const SHOWN_VALUE_MAX = 40;

function shown(value: string): string {
  return value.length > SHOWN_VALUE_MAX ? `${value.slice(0, SHOWN_VALUE_MAX)}…` : value;
}

export function parseLifetimeInMinutes(cell: string): OverrideParse<number> {
  if (cell === "") return { ok: true, value: undefined };
  const bad = {
    ok: false as const,
    reason: `lifetimeInMinutes must be a whole number from ${MIN_LIFETIME_MINUTES} to ${MAX_LIFETIME_MINUTES} (found “${shown(cell)}”)`,
  };
  if (cell.length > 6 || !/^\d+$/.test(cell)) return bad;
  const value = Number(cell);
  return value >= MIN_LIFETIME_MINUTES && value <= MAX_LIFETIME_MINUTES ? { ok: true, value } : bad;
}

const TRUE_WORDS = new Set(["true", "yes", "1"]);
const FALSE_WORDS = new Set(["false", "no", "0"]);

export function parseIsUsableOnce(cell: string): OverrideParse<boolean> {
  if (cell === "") return { ok: true, value: undefined };
  const word = cell.toLowerCase();
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, reason: `isUsableOnce must be true/false, yes/no or 1/0 (found “${shown(cell)}”)` };
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const ISO_DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A start time without a time zone is refused: the admin's clock and the browser's may differ, and a pass
 * that starts an hour off is a support call. Offsets (`+01:00`) and `Z` are kept as written.
 */
export function parseStartDateTime(cell: string): OverrideParse<string> {
  if (cell === "") return { ok: true, value: undefined };
  const noZone = {
    ok: false as const,
    reason: `startDateTime “${shown(cell)}” has no time zone — add one, e.g. 2026-12-01T09:00:00+01:00`,
  };
  if (cell.length > 40) return { ok: false, reason: `startDateTime “${shown(cell)}” isn't an ISO 8601 date and time` };
  if (ISO_DATE_ONLY.test(cell)) return noZone;
  const m = ISO_DATE_TIME.exec(cell);
  if (m === null) {
    return { ok: false, reason: `startDateTime “${shown(cell)}” isn't an ISO 8601 date and time, e.g. 2026-12-01T09:00:00+01:00` };
  }
  const [, y, mo, d, h, mi, s, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const offsetOk = zone === undefined || zone.toUpperCase() === "Z" || (Number(zone.slice(1, 3)) <= 14 && Number(zone.slice(-2)) < 60);
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(s ?? "0") <= 59 &&
    offsetOk;
  if (!valid) return { ok: false, reason: `startDateTime “${shown(cell)}” isn't a real date and time` };
  if (zone === undefined) return noZone;
  return { ok: true, value: cell.replace(" ", "T") };
}
