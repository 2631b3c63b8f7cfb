import { browserZone, canonicalTimeZone, PERSON_DATE_TIME } from "../../../domain/zoned-time";

/**
 * Pass times as a slip prints them: in the person's own time zone (a row's IANA `timeZone`, else the
 * browser's), with the zone's name and offset so nobody has to guess whose morning it is.
 */

export interface SlipTime {
  /** `Mon, 30 Nov 2026, 09:00` in the zone, in the reader's locale. */
  text: string;
  /** The IANA zone the text is in. */
  zone: string;
  /** `UTC+09:00`. */
  offset: string;
  /** Why the zone isn't the one asked for (an unknown zone name): the time is then in UTC. */
  note: string | null;
}

/** A pass time for a slip; null for a time that isn't one (never an "Invalid Date" on paper). */
export function slipTime(iso: string, options: { timeZone?: string; locale?: string; browserZone?: string } = {}): SlipTime | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const asked = options.timeZone?.trim() ?? "";
  const canonical = asked === "" ? null : canonicalTimeZone(asked);
  const known = asked === "" || canonical !== null;
  const zone = asked === "" ? (options.browserZone ?? browserZone()) : (canonical ?? "UTC");
  const text = new Intl.DateTimeFormat(options.locale, { ...PERSON_DATE_TIME, timeZone: zone }).format(date);
  const offsetName =
    new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(date)
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  // longOffset says "GMT" for UTC itself and "GMT+09:00" elsewhere.
  const offset = `UTC${offsetName.replace(/^GMT/, "") || "+00:00"}`;
  return { text, zone, offset, note: known ? null : `The time zone “${asked}” is not known, so this is in UTC.` };
}

/** `Mon, 30 Nov 2026, 09:00 · Asia/Tokyo (UTC+09:00)`, the whole line as printed. */
export function slipTimeText(time: SlipTime): string {
  return `${time.text} · ${time.zone} (${time.offset})`;
}
