/**
 * What the emulated tenant recorded, read through its control API (users with their manager, sent
 * mail), and times written the way slips and e-mails write them — worked out with Intl, not app code.
 */
import { TENANT_URL } from "../../playwright.config";
import type { EmulatedTenant } from "./fixtures";

export interface UserRecord {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  managerId: string | null;
  accountEnabled?: boolean;
}

export interface SentMail {
  subject: string;
  body: string;
  contentType: string;
  toRecipients: string[];
  ccRecipients: string[];
  bccRecipients: string[];
  saveToSentItems: boolean;
}

async function emulator<T>(path: string): Promise<T> {
  const response = await fetch(`${TENANT_URL}/_emulator${path}`);
  if (!response.ok) throw new Error(`emulator ${path} → ${response.status}`);
  return (await response.json()) as T;
}

export const userOf = (tenant: EmulatedTenant, key: string) =>
  emulator<UserRecord>(`/tenants/${tenant.tenantId}/users/${encodeURIComponent(key)}`);

export const sentMail = async (tenant: EmulatedTenant) =>
  (await emulator<{ messages: SentMail[] }>(`/tenants/${tenant.tenantId}/sent-mail`)).messages;

/** `Mon 7 Dec 2026, 07:30` and `UTC+01:00` for an instant in a zone. */
export function zoneParts(iso: string, zone: string): { when: string; offset: string } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    when: `${part("weekday")} ${part("day")} ${part("month")} ${part("year")}, ${part("hour")}:${part("minute")}`,
    offset: `UTC${part("timeZoneName").replace(/^GMT/, "") || "+00:00"}`,
  };
}

/** As a slip prints it: `Mon 7 Dec 2026, 07:30 · Europe/Berlin (UTC+01:00)`. */
export function slipTime(iso: string, zone: string): string {
  const { when, offset } = zoneParts(iso, zone);
  return `${when} · ${zone} (${offset})`;
}

/** As the e-mail writes it: `Mon 7 Dec 2026, 07:30 (UTC+01:00)`. */
export function mailTime(iso: string, zone: string): string {
  const { when, offset } = zoneParts(iso, zone);
  return `${when} (${offset})`;
}
