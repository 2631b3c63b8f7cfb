import type { ManagerRef, MailMessage } from "../../lib/graph/types";
import type { IssuedPass, ResultRow } from "../../lib/tap/run-types";
import { managerName, type ManagerGroup } from "./group-by-manager";
import { PERSON_DATE_TIME } from "../../domain/zoned-time";

export const REGISTRATION_URL = "https://aka.ms/mysecurityinfo";

/** Who sends: the signed-in admin, named in the message so the manager knows whom to ask. */
export interface Sender {
  displayName: string | null;
  userPrincipalName: string;
}

export interface MessageOptions {
  sender: Sender | null;
  ticket: string | null;
  /** The zone for people without their own (`ResultRow.timeZone`): the browser's. */
  defaultTimeZone: string;
  /** How a pass value is written: itself when sending; masked in the preview until revealed. */
  showValue?: (value: string) => string;
}

/** One manager's e-mail: what is sent, and whose passes it carries (they count as saved once it is sent). */
export interface ManagerMail {
  manager: ManagerRef;
  message: MailMessage;
  rowIds: string[];
}

/** What happens to one manager when the admin sends: a message, or why none goes. */
export type MailPlan =
  | { kind: "send"; mail: ManagerMail }
  | { kind: "no-mailbox"; manager: ManagerRef; rowIds: string[] }
  | { kind: "nothing-to-send"; manager: ManagerRef }
  | { kind: "would-reach-person"; manager: ManagerRef; rowIds: string[] };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", { ...PERSON_DATE_TIME, timeZone, timeZoneName: "longOffset" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `Tue 1 Dec 2026, 07:30 (UTC+01:00)`: the wall-clock time in the person's zone, with its offset. */
export function formatInZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "unknown";
  const parts = formatterFor(timeZone).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "";
  const offset = part("timeZoneName").replace(/^GMT/, "") || "+00:00";
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("year")}, ${part("hour")}:${part("minute")} (UTC${offset})`;
}

/** A zone the browser can format in; an unknown one falls back to the default rather than failing the message. */
function usableZone(zone: string | undefined, fallback: string): string {
  if (!zone) return fallback;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return zone;
  } catch {
    return fallback;
  }
}

function personBlock(index: number, row: ResultRow, pass: IssuedPass, options: MessageOptions): string {
  const zone = usableZone(row.timeZone, options.defaultTimeZone);
  const show = options.showValue ?? ((value: string) => value);
  const name = row.displayName ?? pass.displayName;
  const upn = row.userPrincipalName ?? pass.userPrincipalName;
  return [
    `${index}. ${name} (${upn})`,
    `   Temporary Access Pass: ${show(pass.value)}`,
    `   Valid from:  ${formatInZone(pass.startDateTime, zone)}`,
    `   Valid until: ${formatInZone(pass.endDateTime, zone)}`,
    `   Time zone:   ${zone}`,
    `   Use:         ${pass.isUsableOnce ? "once only" : "as often as needed until it ends"}`,
    // A pre-staged account: without this the manager would hand over a pass that cannot sign in yet.
    ...(row.accountDisabled ? ["   Account:     disabled for now; the pass works once the account is enabled"] : []),
  ].join("\n");
}

/** The people of a group who hold a pass TAP Desk still has in memory: only they are in the e-mail. */
export function peopleWithPasses(group: ManagerGroup, lookup: (rowId: string) => IssuedPass | undefined) {
  return group.rows.flatMap((row) => {
    const pass = row.outcome.kind === "issued" && row.removal?.kind !== "removed" ? lookup(row.rowId) : undefined;
    return pass ? [{ row, pass }] : [];
  });
}

/**
 * The plain-text e-mail to one manager: each person's name and UPN, pass, validity in the person's zone
 * (named), and how to register. The subject names how many people and never a pass value.
 */
export function buildManagerMessage(
  manager: ManagerRef,
  people: readonly { row: ResultRow; pass: IssuedPass }[],
  address: string,
  options: MessageOptions,
): MailMessage {
  const ticket = options.ticket ? ` (ticket ${options.ticket})` : "";
  const subject =
    people.length === 1
      ? `Temporary Access Pass for ${people[0]?.row.displayName ?? people[0]?.pass.displayName ?? "one of your people"}${ticket}`
      : `Temporary Access Passes for ${people.length} of your people${ticket}`;
  const sender = options.sender
    ? `${options.sender.displayName ?? options.sender.userPrincipalName} (${options.sender.userPrincipalName})`
    : "Your helpdesk";
  const lines = [
    `Hello ${managerName(manager)},`,
    "",
    `${sender} issued a Temporary Access Pass for ${people.length === 1 ? "the person" : `each of the ${people.length} people`} below, who report${people.length === 1 ? "s" : ""} to you.`,
    "Please give each pass only to the person it is for, in person or by phone, and delete this e-mail once you have.",
    ...(options.ticket ? ["", `Ticket / reference: ${options.ticket}`] : []),
    "",
    ...people.flatMap(({ row, pass }, index) => [personBlock(index + 1, row, pass, options), ""]),
    "How to sign in with the pass:",
    `1. Go to ${REGISTRATION_URL} and sign in with the user name shown above.`,
    "2. When asked for a password, choose to use a Temporary Access Pass and type the pass exactly as shown (capitals matter).",
    "3. Add Microsoft Authenticator or another sign-in method (and a password or passkey, as your organisation asks) before the pass ends.",
    "",
    "A pass works only between the times shown. If it has ended or does not work, ask the helpdesk for a new one.",
  ];
  return {
    subject,
    body: { contentType: "Text", content: lines.join("\n") },
    toRecipients: [{ emailAddress: { address, ...(manager.displayName ? { name: manager.displayName } : {}) } }],
  };
}

/** What happens to each manager when the admin sends: one message each, or why none goes. */
export function planManagerMails(
  groups: readonly ManagerGroup[],
  lookup: (rowId: string) => IssuedPass | undefined,
  options: MessageOptions,
): MailPlan[] {
  return groups.map((group): MailPlan => {
    const { manager } = group;
    const people = peopleWithPasses(group, lookup);
    const rowIds = people.map(({ row }) => row.rowId);
    if (people.length === 0) return { kind: "nothing-to-send", manager };
    if (manager.mail === null) return { kind: "no-mailbox", manager, rowIds };
    // Never to a person a pass is for (a directory where someone is set as their own manager).
    const address = manager.mail.toLowerCase();
    const reachesPerson = people.some(
      ({ row, pass }) => address === (row.userPrincipalName ?? pass.userPrincipalName).toLowerCase() || manager.id === pass.userId,
    );
    if (reachesPerson) return { kind: "would-reach-person", manager, rowIds };
    return { kind: "send", mail: { manager, message: buildManagerMessage(manager, people, manager.mail, options), rowIds } };
  });
}
