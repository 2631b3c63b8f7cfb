import {
  formatCalendarDate,
  formatInZone,
  formatWallTime,
  hireDateDay,
  parseCalendarDate,
  parseWallTime,
  zonedToUtc,
  type CalendarDate,
} from "../../domain/zoned-time";
import type { FirstDayStart, PassOverrides } from "../../lib/tap/run-types";
import { formatLifetime } from "./lifetime";
import { formatUtc } from "./start-time";

/** A start further ahead than this is probably a typo (a wrong year, month and day swapped): warn. */
export const FAR_AHEAD_DAYS = 60;
/**
 * The working day a first-day pass should cover: 8 hours from its start. A shorter lifetime (say the
 * 1-hour default) ends while the new hire is still setting up, so the check warns.
 */
export const WORKING_DAY_MINUTES = 8 * 60;

const DAY_MS = 86_400_000;

/** Where a row's start date came from, for the row's text. */
export type StartDateSource = "file" | "entra";

export type FirstDayPlan =
  /** The row's own `startDateTime` column wins over its start date. */
  | { kind: "own-start"; timeZone: string; note: string }
  /** A start on the person's first day; `startIso` null = starts on creation (their day has passed and the admin said so). */
  | {
      kind: "start";
      timeZone: string;
      startIso: string | null;
      /** `Starts 2026-12-07 07:30 (UTC+01:00) in Europe/Berlin · 2026-12-07 06:30 UTC · date from the file`. */
      text: string;
      notes: string[];
      warnings: string[];
      /** What the check counts for its headline (the warnings say the same per row). */
      flags: FirstDayFlags;
    }
  /** No pass for this row: no date, or the date has passed. */
  | { kind: "refused"; timeZone: string; code: "no-date" | "past"; reason: string };

export interface FirstDayFlags {
  /** More than FAR_AHEAD_DAYS ahead. */
  farAhead: boolean;
  /**
   * The pass ends before a working day does: `known` when the lifetime is the row's or the run's own,
   * `estimate` when it is the tenant's unreadable default (said once in the headline, not on every row).
   */
  endsEarly: "known" | "estimate" | null;
}

export interface FirstDayRow {
  overrides: PassOverrides;
  /** Entra's `employeeHireDate` as read by the check (UTC DateTimeOffset), or null/undefined. */
  employeeHireDate?: string | null;
  /** The lifetime this row's pass will have (row, run or tenant default), for the working-day warning. */
  lifetimeInMinutes: number;
  /** True when that lifetime is only an estimate: the tenant's default applies and TAP Desk can't read it. */
  lifetimeIsEstimate?: boolean;
}

export const HIRE_DATE_RULE =
  "Entra stores a hire date as a UTC instant; HR tools write the person's local midnight, so TAP Desk reads it as the calendar day whose UTC midnight is nearest (2026-12-06T23:00Z is 7 December).";

function dayOf(row: FirstDayRow): { day: CalendarDate; source: StartDateSource; raw?: string } | null {
  const fromFile = row.overrides.startDate === undefined ? null : parseCalendarDate(row.overrides.startDate);
  if (fromFile) return { day: fromFile, source: "file" };
  const hire = row.employeeHireDate;
  if (typeof hire === "string") {
    const day = hireDateDay(hire);
    if (day) return { day, source: "entra", raw: hire };
  }
  return null;
}

/**
 * When one row's pass starts under "on each person's start date at [time] in [zone]". Pure: the check
 * shows its text, the plan sends its start. Never quietly changes the day: a passed date is refused
 * unless the admin chose to start those now, and a clock change is said on the row.
 */
export function planFirstDay(firstDay: FirstDayStart, row: FirstDayRow, nowMs: number): FirstDayPlan {
  const timeZone = row.overrides.timeZone ?? firstDay.timeZone;
  if (row.overrides.startDateTime !== undefined) {
    return {
      kind: "own-start",
      timeZone,
      note: `This row's own startDateTime (${row.overrides.startDateTime}) is used instead of a start date.`,
    };
  }
  const found = dayOf(row);
  if (!found) {
    return {
      kind: "refused",
      timeZone,
      code: "no-date",
      reason:
        "No start date: the file gives none for this row and Entra has no hire date for this person. Add the date to the file, or choose another start for the run.",
    };
  }
  const time = parseWallTime(firstDay.time) ?? { hour: 0, minute: 0 };
  const resolved = zonedToUtc(found.day, time, timeZone);
  const dayText = formatCalendarDate(found.day);
  const source = found.source === "file" ? "date from the file" : `date from Entra's hire date (${found.raw ?? ""})`;
  const notes: string[] = [];
  const warnings: string[] = [];
  if (resolved.kind === "skipped") {
    notes.push(
      `${formatWallTime(time)} doesn't exist on ${dayText} in ${timeZone} (the clocks go forward), so the pass starts at ${formatWallTime(resolved.shownAs)}.`,
    );
  } else if (resolved.kind === "repeated") {
    notes.push(`${formatWallTime(time)} happens twice on ${dayText} in ${timeZone} (the clocks go back); the pass starts at the first.`);
  }
  const startIso = new Date(resolved.utcMs).toISOString();
  if (resolved.utcMs <= nowMs) {
    if (!firstDay.pastStartsNow) {
      return {
        kind: "refused",
        timeZone,
        code: "past",
        reason: `Start date ${dayText} (${formatWallTime(time)} ${timeZone}, ${source}) has passed. Not issued: fix the date, or choose to start these passes now.`,
      };
    }
    return {
      kind: "start",
      timeZone,
      startIso: null,
      text: `Starts now: start date ${dayText} has passed (${source}), and you chose to start these now.`,
      notes,
      warnings,
      flags: { farAhead: false, endsEarly: null },
    };
  }
  const daysAhead = Math.floor((resolved.utcMs - nowMs) / DAY_MS);
  const farAhead = daysAhead > FAR_AHEAD_DAYS;
  if (farAhead) warnings.push(`Starts in ${daysAhead} days (more than ${FAR_AHEAD_DAYS} ahead): check the date.`);
  let endsEarly: FirstDayFlags["endsEarly"] = null;
  if (row.lifetimeInMinutes < WORKING_DAY_MINUTES) {
    // An unreadable tenant default is the same guess for every row: the headline says it once.
    endsEarly = row.lifetimeIsEstimate ? "estimate" : "known";
    if (endsEarly === "known") {
      const ends = formatInZone(resolved.utcMs + row.lifetimeInMinutes * 60_000, timeZone).slice(11, 16);
      warnings.push(`Lasts ${formatLifetime(row.lifetimeInMinutes)}, so it ends at ${ends}, before an 8-hour working day does.`);
    }
  }
  return {
    kind: "start",
    timeZone,
    startIso,
    text: `Starts ${formatInZone(resolved.utcMs, timeZone)} in ${timeZone} · ${formatUtc(startIso)} · ${source}`,
    notes,
    warnings,
    flags: { farAhead, endsEarly },
  };
}
