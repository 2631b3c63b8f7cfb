/** Minutes east of UTC in effect at a UTC instant (Europe/Berlin in July: +120). */
export type OffsetAt = (utcMs: number) => number;

export const browserOffsetAt: OffsetAt = (utcMs) => -new Date(utcMs).getTimezoneOffset();

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "your time zone";
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/**
 * A `datetime-local` value (wall-clock time in the admin's zone) as an ISO 8601 UTC string, or null
 * when it isn't a real date and time. Two passes find the offset in effect at that wall time
 * (it may differ from the offset at the naive instant around daylight-saving changes).
 */
export function localInputToUtcIso(value: string, offsetAt: OffsetAt = browserOffsetAt): string | null {
  const match = LOCAL_INPUT.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? "0")) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  const guess = wall - offsetAt(wall) * 60_000;
  const utc = wall - offsetAt(guess) * 60_000;
  return new Date(utc).toISOString();
}

/** The `datetime-local` value showing a UTC instant in the admin's zone (minutes precision). */
export function utcIsoToLocalInput(iso: string, offsetAt: OffsetAt = browserOffsetAt): string {
  const utc = Date.parse(iso);
  if (Number.isNaN(utc)) return "";
  return new Date(utc + offsetAt(utc) * 60_000).toISOString().slice(0, 16);
}

/** "+02:00" style offset text for an instant. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** "2026-06-01 07:00 UTC": unambiguous whatever the admin's locale. */
export function formatUtc(iso: string): string {
  const utc = Date.parse(iso);
  if (Number.isNaN(utc)) return iso;
  return `${new Date(utc).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export type StartCheck =
  | { kind: "now" }
  | { kind: "later"; startMs: number }
  /** The start has passed: the pass starts on creation instead (startDateTime is left out). */
  | { kind: "past"; startMs: number }
  | { kind: "invalid" };

/**
 * What a start means. Only null/undefined is "now": an empty string is a Later start with no date yet
 * (the form writes it), which is invalid and blocks Issue rather than quietly starting passes now.
 */
export function checkStart(startDateTime: string | null | undefined, nowMs: number): StartCheck {
  if (startDateTime === null || startDateTime === undefined) return { kind: "now" };
  if (startDateTime === "") return { kind: "invalid" };
  const startMs = Date.parse(startDateTime);
  if (Number.isNaN(startMs)) return { kind: "invalid" };
  return startMs > nowMs ? { kind: "later", startMs } : { kind: "past", startMs };
}

/** True when a pass starting at `startMs` (or now) with this lifetime would still be valid after `nowMs`. */
export function endsInFuture(startMs: number, lifetimeInMinutes: number, nowMs: number): boolean {
  return startMs + lifetimeInMinutes * 60_000 > nowMs;
}
