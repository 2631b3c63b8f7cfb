/**
 * Wall-clock times in IANA time zones, on `Intl` alone (no library: `Intl.DateTimeFormat` with a
 * `timeZone` gives every zone's offset at any instant, which is all the conversion needs).
 */

export interface CalendarDate {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

export interface WallTime {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
      era: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `Intl` knows the zone (`Europe/Berlin`, `UTC`); false for typos and offsets like `+01:00`. */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone === "" || timeZone.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timeZone)) return false;
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's own spelling (`europe/berlin` → `Europe/Berlin`), or null when unknown. */
export function canonicalTimeZone(timeZone: string): string | null {
  if (!isTimeZone(timeZone)) return null;
  return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
}

/** The date and time an instant shows on a wall clock in the zone. */
export function wallClockAt(utcMs: number, timeZone: string): CalendarDate & WallTime & { second: number } {
  const parts = partsFormatter(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? "0");
  const bc = parts.find((p) => p.type === "era")?.value === "BC";
  return {
    year: bc ? 1 - get("year") : get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** Minutes east of UTC in effect in the zone at an instant (Europe/Berlin in July: 120). */
export function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  const w = wallClockAt(utcMs, timeZone);
  const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const whole = Math.floor(utcMs / 1000) * 1000;
  return Math.round((wallMs - whole) / 60_000);
}

export type WallTimeResolution =
  /** The wall time happens exactly once. */
  | { kind: "exact"; utcMs: number }
  /** The clocks skip it (spring forward): moved later by the gap, e.g. 02:30 → 03:30. */
  | { kind: "skipped"; utcMs: number; shownAs: WallTime; gapMinutes: number }
  /** The clocks pass it twice (fall back): the earlier of the two instants. */
  | { kind: "repeated"; utcMs: number; laterUtcMs: number };

const DAY_MS = 86_400_000;

/**
 * The UTC instant of a wall-clock date and time in a zone. A time the clocks skip is moved on by the
 * skipped length (02:30 on a spring-forward day becomes 03:30, what a clock that was not changed would
 * show); a time that happens twice takes the first occurrence. Both are reported so the caller can say so.
 */
export function zonedToUtc(date: CalendarDate, time: WallTime, timeZone: string): WallTimeResolution {
  const wall = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  // Offsets a day either side bracket any transition near this wall time (none happen twice within a day).
  const before = zoneOffsetMinutes(wall - DAY_MS, timeZone);
  const after = zoneOffsetMinutes(wall + DAY_MS, timeZone);
  const candidates = [...new Set([before, after, zoneOffsetMinutes(wall, timeZone)])]
    .map((offset) => wall - offset * 60_000)
    .filter((utc) => wall - zoneOffsetMinutes(utc, timeZone) * 60_000 === utc)
    .sort((a, b) => a - b);
  const [first, second] = candidates;
  if (first !== undefined && second !== undefined && second !== first) return { kind: "repeated", utcMs: first, laterUtcMs: second };
  if (first !== undefined) return { kind: "exact", utcMs: first };
  // In the gap: read the wall time with the offset from before the change, which lands after it.
  const utcMs = wall - before * 60_000;
  const shown = wallClockAt(utcMs, timeZone);
  return { kind: "skipped", utcMs, shownAs: { hour: shown.hour, minute: shown.minute }, gapMinutes: after - before };
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** `2026-12-07`. */
export function formatCalendarDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, "0")}-${pad(date.month)}-${pad(date.day)}`;
}

/** `07:30`. */
export function formatWallTime(time: WallTime): string {
  return `${pad(time.hour)}:${pad(time.minute)}`;
}

/**
 * How a handout slip and a manager's e-mail write an instant for a person: weekday, day, month, year and
 * 24-hour time (`Tue 1 Dec 2026, 07:30` in en-GB). One shape, so the paper and the mail agree.
 */
export const PERSON_DATE_TIME: Intl.DateTimeFormatOptions = {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};

/** `2026-12-07 07:30 (UTC+01:00)` in the zone: the same shape for every locale, with the offset so it can't be misread. */
export function formatInZone(utcMs: number, timeZone: string): string {
  const w = wallClockAt(utcMs, timeZone);
  const offset = zoneOffsetMinutes(utcMs, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${formatCalendarDate(w)} ${formatWallTime(w)} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}

/** `07:30` → { hour: 7, minute: 30 }; null unless a real 24-hour time. */
export function parseWallTime(text: string): WallTime | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/** True for a day that exists (no 31 April, 29 February only in leap years). */
export function isRealDate(date: CalendarDate): boolean {
  if (!Number.isInteger(date.year) || date.year < 1900 || date.year > 9999) return false;
  if (date.month < 1 || date.month > 12 || date.day < 1) return false;
  return date.day <= new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();
}

/** `2026-12-07` → the date, or null. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isRealDate(date) ? date : null;
}

/**
 * The calendar day a hire date (Entra's `employeeHireDate`, a UTC DateTimeOffset) means: the day whose
 * UTC midnight is nearest. HR tools write the person's local midnight, which lies within 12 hours of UTC
 * midnight for every zone from UTC−12 to UTC+12: `2026-12-06T23:00:00Z` (midnight in Berlin) is 7 Dec,
 * `2026-12-07T05:00:00Z` (midnight in New York) is 7 Dec, `2026-12-07T00:00:00Z` is 7 Dec. Exactly noon
 * UTC rounds to the next day. Null when the text isn't a date and time.
 */
export function hireDateDay(iso: string): CalendarDate | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const nearest = new Date(Math.floor((ms + DAY_MS / 2) / DAY_MS) * DAY_MS);
  return { year: nearest.getUTCFullYear(), month: nearest.getUTCMonth() + 1, day: nearest.getUTCDate() };
}

/** A short list for browsers without `Intl.supportedValuesOf` (the picker still accepts any zone typed). */
const FALLBACK_ZONES = [
  "UTC",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Paris",
  "Europe/Helsinki",
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/Sao_Paulo",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Pacific/Auckland",
];

/** Every zone the browser knows, sorted, with UTC and the given extras (the browser's own zone) included. */
export function listTimeZones(extra: readonly string[] = []): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: "timeZone") => string[] }).supportedValuesOf;
  let zones: string[];
  try {
    zones = typeof supported === "function" ? supported("timeZone") : FALLBACK_ZONES;
  } catch {
    zones = FALLBACK_ZONES;
  }
  return [...new Set([...zones, "UTC", ...extra.filter(isTimeZone)])].sort();
}

/** The browser's zone (`Europe/Berlin`), or UTC when it reports none. */
export function browserZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : "UTC";
}
