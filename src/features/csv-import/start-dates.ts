import { canonicalTimeZone, formatCalendarDate, hireDateDay, isRealDate, type CalendarDate } from "../../domain/zoned-time";
import type { OverrideParse } from "./row-overrides";

/** How a file writes `03/04/2026`: day first (3 April) or month first (4 March). */
export type DateOrder = "day-first" | "month-first";

export const DATE_ORDER_LABEL: Record<DateOrder, string> = {
  "day-first": "day/month/year",
  "month-first": "month/day/year",
};

const SHOWN_MAX = 40;
const shown = (value: string) => (value.length > SHOWN_MAX ? `${value.slice(0, SHOWN_MAX)}…` : value);

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
/** A Graph or HR export of the hire date itself: `2026-12-06T23:00:00Z`. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** `07/12/2026`, `12-7-2026`: which part is the day depends on the file. */
const SLASH_DATE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/;
/** `7.12.2026`: the dotted form is day first wherever it is used. */
const DOT_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/;

/** The two numbers of a slash date, or null for any other form. */
export function slashParts(cell: string): [number, number] | null {
  const m = SLASH_DATE.exec(cell);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export type DateOrderFinding =
  /** No slash dates, so the order doesn't matter. */
  | { kind: "none" }
  /** The file shows it: a number above 12 can only be a day. */
  | { kind: "decided"; order: DateOrder; line: number; value: string }
  /** Every slash date reads both ways (03/04/2026): the admin must choose. */
  | { kind: "ambiguous"; line: number; value: string }
  /** Some dates are only day-first, others only month-first: the admin must choose (the others are refused). */
  | { kind: "mixed"; dayFirst: { line: number; value: string }; monthFirst: { line: number; value: string } };

/** Decides a file's date order from its start-date cells. Pure. */
export function findDateOrder(cells: Iterable<{ line: number; value: string }>): DateOrderFinding {
  let dayFirst: { line: number; value: string } | null = null;
  let monthFirst: { line: number; value: string } | null = null;
  let ambiguous: { line: number; value: string } | null = null;
  for (const cell of cells) {
    const parts = slashParts(cell.value);
    if (!parts) continue;
    const [a, b] = parts;
    if (a > 12 && b <= 12) dayFirst ??= cell;
    else if (b > 12 && a <= 12) monthFirst ??= cell;
    else if (a <= 12 && b <= 12) ambiguous ??= cell;
  }
  if (dayFirst && monthFirst) return { kind: "mixed", dayFirst, monthFirst };
  if (dayFirst) return { kind: "decided", order: "day-first", ...dayFirst };
  if (monthFirst) return { kind: "decided", order: "month-first", ...monthFirst };
  if (ambiguous) return { kind: "ambiguous", ...ambiguous };
  return { kind: "none" };
}

/** "Dates read as day/month/year because of 25/12/2026 on line 14." */
export function describeDateOrder(finding: DateOrderFinding, chosen: DateOrder | undefined): string | null {
  if (finding.kind === "none") return null;
  if (chosen !== undefined) return `Start dates like 03/04/2026 are read as ${DATE_ORDER_LABEL[chosen]}, as you chose.`;
  if (finding.kind === "decided") {
    return `Start dates are read as ${DATE_ORDER_LABEL[finding.order]} because of ${finding.value} on line ${finding.line}.`;
  }
  return null;
}

function realOrNull(year: number, month: number, day: number): CalendarDate | null {
  const date = { year, month, day };
  return isRealDate(date) ? date : null;
}

/**
 * A start-date cell as a calendar day (`2026-12-07`). Slash dates need the file's order; while it isn't
 * known they are refused with a reason that says so (the import screen asks before going on).
 */
export function parseStartDate(cell: string, order: DateOrder | null): OverrideParse<string> {
  if (cell === "") return { ok: true, value: undefined };
  const notReal = { ok: false as const, reason: `start date “${shown(cell)}” isn't a real date` };
  const iso = ISO_DATE.exec(cell);
  if (iso) {
    const date = realOrNull(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return date ? { ok: true, value: formatCalendarDate(date) } : notReal;
  }
  if (cell.length <= 40 && ISO_DATE_TIME.test(cell)) {
    // A full hire date (as Graph exports it): the same reading as for Entra's employeeHireDate.
    const day = hireDateDay(cell);
    return day ? { ok: true, value: formatCalendarDate(day) } : notReal;
  }
  const dot = DOT_DATE.exec(cell);
  const slash = SLASH_DATE.exec(cell);
  const m = dot ?? slash;
  if (!m) {
    return {
      ok: false,
      reason: `start date “${shown(cell)}” isn't a date TAP Desk can read — write it as 2026-12-07 (or 07/12/2026, 7.12.2026)`,
    };
  }
  const yearText = m[3] ?? "";
  if (yearText.length !== 4) return { ok: false, reason: `start date “${shown(cell)}” has a two-digit year — write the year in full` };
  const first = Number(m[1]);
  const second = Number(m[2]);
  const year = Number(yearText);
  if (dot) {
    const date = realOrNull(year, second, first);
    return date ? { ok: true, value: formatCalendarDate(date) } : notReal;
  }
  if (order === null) {
    return { ok: false, reason: `start date “${shown(cell)}” could be day/month or month/day — choose how the file writes dates` };
  }
  const date = order === "day-first" ? realOrNull(year, second, first) : realOrNull(year, first, second);
  return date ? { ok: true, value: formatCalendarDate(date) } : { ok: false, reason: `${notReal.reason} as ${DATE_ORDER_LABEL[order]}` };
}

/** A `TimeZone` cell: an IANA name `Intl` knows, in its own spelling. */
export function parseTimeZone(cell: string): OverrideParse<string> {
  if (cell === "") return { ok: true, value: undefined };
  const zone = canonicalTimeZone(cell);
  if (zone === null) {
    return {
      ok: false,
      reason: `time zone “${shown(cell)}” isn't a time zone name — use an IANA name such as Europe/Berlin or America/New_York`,
    };
  }
  return { ok: true, value: zone };
}
