/**
 * Time text for pass validity. Every function takes the time zone and locale as optional arguments
 * so tests are deterministic; the UI passes nothing and gets the browser's own.
 */

const pad = (n: number): string => String(n).padStart(2, "0");

/** `2026-11-28 10:15 UTC`: unambiguous for anyone, whatever their time zone. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** `2026-11-28T10:15:00Z`: ISO 8601 for files that scripts read. */
export function formatUtcIso(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `2026-11-28 11:15 (UTC+01:00)`: local wall-clock time with its offset, so a file stays unambiguous. */
export function formatLocalWithOffset(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "";
  // longOffset says "GMT" for UTC itself and "GMT+01:00" elsewhere.
  const offset = part("timeZoneName").replace(/^GMT/, "") || "+00:00";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")} (UTC${offset})`;
}

// Building an Intl.DateTimeFormat is costly and the results table formats two times per row as it
// scrolls: keep one formatter per locale and time zone.
const localFormatters = new Map<string, Intl.DateTimeFormat>();

function localFormatter(locale: string | undefined, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${locale ?? ""}|${timeZone ?? ""}`;
  let formatter = localFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "medium", timeStyle: "short" });
    localFormatters.set(key, formatter);
  }
  return formatter;
}

/** The reader's own way of writing a date and time, for the screen: `28 Nov 2026, 11:15`. */
export function formatLocal(iso: string, options: { timeZone?: string; locale?: string } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return localFormatter(options.locale, options.timeZone).format(date);
}

/** `2026-11-28T1015Z`: a UTC timestamp that is safe in a file name on every OS. */
export function fileTimestamp(now: Date): string {
  return `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}T${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}Z`;
}
