/**
 * The receipt as files (JSON for tools, CSV for people and spreadsheets) and back. Reading back is
 * strict: a receipt drives "Revoke from a receipt", so a file that is not one says so instead of
 * half-loading.
 */
import { toCsv, type CsvCell } from "../../domain/csv-file";
import type { FirstDayStart } from "../../lib/tap/run-types";
import { RECEIPT_KIND, RECEIPT_VERSION, type Receipt, type ReceiptOutcome, type ReceiptRow, type ReceiptSettings } from "./receipt";
import { isRecord } from "../../lib/is-record";

export const RECEIPT_CSV_TITLE = "TAP Desk receipt";

export const RECEIPT_CSV_ROW_HEADER = [
  "Line",
  "User",
  "User ID",
  "Outcome",
  "Pass method ID",
  "Valid from (UTC)",
  "Valid until (UTC)",
  "One-time use",
  "Graph request ID",
  "Reason",
] as const;

const OUTCOME_TEXT: Record<ReceiptOutcome, string> = {
  issued: "Issued",
  skipped: "Skipped",
  failed: "Failed",
  uncertain: "Uncertain",
  "not-reached": "Not reached",
};

// The run's facts, one key and value per line, above the rows. Order is the file's order.
const FACT_KEYS = [
  "Run ID",
  "Partial",
  "Note",
  "Tenant ID",
  "Tenant name",
  "Issuer name",
  "Issuer UPN",
  "Started (UTC)",
  "Ended (UTC)",
  "Ticket",
  "Lifetime in minutes (empty: tenant default)",
  "One-time use (empty: tenant default)",
  "Start (UTC; empty: at once)",
  "Replace usable passes",
] as const;
// Added later: a receipt written before them still reads (they are then taken as "not used").
const LATER_FACT_KEYS = [
  "First-day start at (their local time; empty: not used)",
  "First-day time zone (rows without their own)",
  "First-day: past start dates start now",
  "Also issued for disabled accounts",
] as const;
type FactKey = (typeof FACT_KEYS)[number] | (typeof LATER_FACT_KEYS)[number];

/** The start cell of a first-day run, which has no single start time. */
export const FIRST_DAY_START_CELL = "On each person's start date (see the rows' Valid from)";

export function receiptJson(receipt: Receipt): string {
  return `${JSON.stringify(receipt, null, 2)}\n`;
}

const yesNo = (value: boolean | null) => (value === null ? "" : value ? "Yes" : "No");
const text = (value: string | number | null) => (value === null ? "" : String(value));

/** The CSV receipt: escaped by the same rule as every CSV TAP Desk writes (formula-safe). */
export function receiptCsv(receipt: Receipt): string {
  const { settings } = receipt;
  const facts: Record<FactKey, string> = {
    "Run ID": receipt.runId,
    Partial: yesNo(receipt.partial),
    Note: receipt.note,
    "Tenant ID": text(receipt.tenant.id),
    "Tenant name": text(receipt.tenant.name),
    "Issuer name": text(receipt.issuer.name),
    "Issuer UPN": text(receipt.issuer.userPrincipalName),
    "Started (UTC)": receipt.startedAt,
    "Ended (UTC)": text(receipt.endedAt),
    Ticket: text(receipt.ticket),
    "Lifetime in minutes (empty: tenant default)": text(settings?.lifetimeInMinutes ?? null),
    "One-time use (empty: tenant default)": yesNo(settings?.isUsableOnce ?? null),
    "Start (UTC; empty: at once)": settings?.firstDay ? FIRST_DAY_START_CELL : text(settings?.startDateTime ?? null),
    // Empty only when the receipt has no settings at all (a partial one).
    "Replace usable passes": yesNo(settings?.replaceUsablePasses ?? null),
    "First-day start at (their local time; empty: not used)": settings?.firstDay?.time ?? "",
    "First-day time zone (rows without their own)": settings?.firstDay?.timeZone ?? "",
    "First-day: past start dates start now": yesNo(settings?.firstDay?.pastStartsNow ?? null),
    "Also issued for disabled accounts": yesNo(settings ? settings.issueForDisabledAccounts === true : null),
  };
  const cells = (values: readonly string[]): CsvCell[] => values.map((value) => ({ text: value }));
  return toCsv([
    cells([RECEIPT_CSV_TITLE, String(RECEIPT_VERSION)]),
    ...[...FACT_KEYS, ...LATER_FACT_KEYS].map((key) => cells([key, facts[key]])),
    cells([]),
    cells(RECEIPT_CSV_ROW_HEADER),
    ...receipt.rows.map((row) =>
      cells([
        text(row.line),
        row.userPrincipalName,
        text(row.userId),
        OUTCOME_TEXT[row.outcome],
        text(row.methodId),
        text(row.validFrom),
        text(row.validUntil),
        yesNo(row.isUsableOnce),
        text(row.requestId),
        row.reason,
      ]),
    ),
  ]);
}

/** e.g. tap-desk-receipt-2026-11-28T1015Z-1a2b3c4d.json */
export function receiptFileName(receipt: Receipt, format: "csv" | "json"): string {
  const stamp = receipt.startedAt.replace(/:\d{2}(\.\d+)?Z$/, "Z").replace(/[-:]/g, (char) => (char === ":" ? "" : char));
  return `tap-desk-receipt${receipt.partial ? "-partial" : ""}-${stamp}-${receipt.runId.slice(0, 8)}.${format}`;
}

// ---- reading back -------------------------------------------------------------------------------

export type ParsedReceipt = { ok: true; receipt: Receipt } | { ok: false; error: string };

class ReceiptFormatError extends Error {}

const fail = (message: string): never => {
  throw new ReceiptFormatError(message);
};

const NOT_A_RECEIPT = "This file is not a TAP Desk receipt. Open the .json or .csv receipt TAP Desk downloaded after a run.";

/** Reads a receipt file (JSON or CSV, as TAP Desk writes them). Never throws. */
export function parseReceipt(input: string): ParsedReceipt {
  const body = input.replace(/^\uFEFF/, "").trimStart();
  if (body === "") return { ok: false, error: "The file is empty." };
  try {
    return { ok: true, receipt: body.startsWith("{") ? parseJsonReceipt(body) : parseCsvReceipt(body) };
  } catch (error) {
    if (error instanceof ReceiptFormatError) return { ok: false, error: error.message };
    throw error;
  }
}

function checkVersion(version: unknown): void {
  if (version !== RECEIPT_VERSION) {
    fail(`This receipt is version ${String(version)}; this TAP Desk reads version ${RECEIPT_VERSION}. Use the TAP Desk that made it.`);
  }
}

const OUTCOMES: ReadonlySet<string> = new Set(Object.keys(OUTCOME_TEXT));
const GUID_LIKE = /^[0-9a-zA-Z][0-9a-zA-Z._-]*$/;

function stringOrNull(record: Record<string, unknown>, key: string, where: string): string | null {
  const value = record[key];
  if (value === null) return null;
  if (typeof value !== "string") return fail(`${where}: "${key}" must be text or null.`);
  return value;
}

function requiredString(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== "string" || value === "") return fail(`${where}: "${key}" is missing.`);
  return value;
}

function booleanOrNull(record: Record<string, unknown>, key: string, where: string): boolean | null {
  const value = record[key];
  if (value === null || typeof value === "boolean") return value;
  return fail(`${where}: "${key}" must be true, false or null.`);
}

function isoOrNull(value: string | null, key: string, where: string): string | null {
  if (value !== null && Number.isNaN(Date.parse(value))) fail(`${where}: "${key}" is not a date and time (${value}).`);
  return value;
}

/** Checks what every receipt row must satisfy, whichever file it came from. */
function checkRow(row: ReceiptRow, where: string): ReceiptRow {
  if (row.line !== null && (!Number.isInteger(row.line) || row.line < 1)) fail(`${where}: the line must be a whole number from 1.`);
  if (row.userPrincipalName === "") fail(`${where}: the user is missing.`);
  isoOrNull(row.validFrom, "validFrom", where);
  isoOrNull(row.validUntil, "validUntil", where);
  // Revoke reads these two; a mangled id must stop here rather than reach a URL.
  if (row.userId !== null && !GUID_LIKE.test(row.userId)) fail(`${where}: the user id is not an Entra id (${row.userId}).`);
  if (row.methodId !== null && !GUID_LIKE.test(row.methodId)) fail(`${where}: the pass method id is not an Entra id (${row.methodId}).`);
  if (row.outcome !== "issued" && row.methodId !== null) fail(`${where}: only an issued row can name a pass method.`);
  return row;
}

/** A first-day run's settings, or nothing for a receipt without them (older, or not a first-day run). */
function firstDayOf(raw: unknown, where: string): { firstDay?: FirstDayStart } {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) return fail(`${where} must be an object.`);
  const time = typeof raw.time === "string" && /^\d{2}:\d{2}$/.test(raw.time) ? raw.time : fail(`${where}.time must be a time like 07:30.`);
  const timeZone =
    typeof raw.timeZone === "string" && raw.timeZone !== "" ? raw.timeZone : fail(`${where}.timeZone must name a time zone.`);
  const pastStartsNow = typeof raw.pastStartsNow === "boolean" ? raw.pastStartsNow : fail(`${where}.pastStartsNow must be true or false.`);
  return { firstDay: { time, timeZone, pastStartsNow } };
}

function parseJsonReceipt(body: string): Receipt {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return fail("The file looks like JSON but can't be read: it is damaged or cut short.");
  }
  if (!isRecord(json) || json.kind !== RECEIPT_KIND) return fail(NOT_A_RECEIPT);
  checkVersion(json.version);
  const where = "Receipt";
  const tenant = isRecord(json.tenant) ? json.tenant : fail(`${where}: "tenant" is missing.`);
  const issuer = isRecord(json.issuer) ? json.issuer : fail(`${where}: "issuer" is missing.`);
  if (typeof json.partial !== "boolean") fail(`${where}: "partial" must be true or false.`);
  let settings: ReceiptSettings | null = null;
  if (json.settings !== null) {
    const raw = isRecord(json.settings) ? json.settings : fail(`${where}: "settings" must be an object or null.`);
    const lifetime = raw.lifetimeInMinutes;
    if (lifetime !== null && (typeof lifetime !== "number" || !Number.isInteger(lifetime) || lifetime <= 0)) {
      fail(`${where}: "settings.lifetimeInMinutes" must be a whole number of minutes or null.`);
    }
    const replace = raw.replaceUsablePasses;
    if (typeof replace !== "boolean") fail(`${where}: "settings.replaceUsablePasses" must be true or false.`);
    settings = {
      lifetimeInMinutes: lifetime as number | null,
      isUsableOnce: booleanOrNull(raw, "isUsableOnce", `${where} settings`),
      startDateTime: isoOrNull(stringOrNull(raw, "startDateTime", `${where} settings`), "startDateTime", `${where} settings`),
      replaceUsablePasses: replace as boolean,
      ...firstDayOf(raw.firstDay, `${where}: "settings.firstDay"`),
      ...(raw.issueForDisabledAccounts === true ? { issueForDisabledAccounts: true as const } : {}),
    };
  }
  if (!Array.isArray(json.rows)) fail(`${where}: "rows" is missing.`);
  const rows = (json.rows as unknown[]).map((raw, index) => {
    const at = `Row ${index + 1}`;
    if (!isRecord(raw)) return fail(`${at} is not an object.`);
    const line = raw.line;
    if (line !== null && typeof line !== "number") fail(`${at}: "line" must be a number or null.`);
    const outcome = raw.outcome;
    if (typeof outcome !== "string" || !OUTCOMES.has(outcome)) fail(`${at}: unknown outcome ${JSON.stringify(outcome)}.`);
    const reason = raw.reason;
    if (typeof reason !== "string") fail(`${at}: "reason" must be text.`);
    return checkRow(
      {
        line: line as number | null,
        userPrincipalName: requiredString(raw, "userPrincipalName", at),
        userId: stringOrNull(raw, "userId", at),
        outcome: outcome as ReceiptOutcome,
        methodId: stringOrNull(raw, "methodId", at),
        validFrom: stringOrNull(raw, "validFrom", at),
        validUntil: stringOrNull(raw, "validUntil", at),
        isUsableOnce: booleanOrNull(raw, "isUsableOnce", at),
        requestId: stringOrNull(raw, "requestId", at),
        reason: reason as string,
      },
      at,
    );
  });
  return {
    kind: RECEIPT_KIND,
    version: RECEIPT_VERSION,
    runId: requiredString(json, "runId", where),
    partial: json.partial as boolean,
    note: typeof json.note === "string" ? json.note : "",
    tenant: { id: stringOrNull(tenant, "id", `${where} tenant`), name: stringOrNull(tenant, "name", `${where} tenant`) },
    issuer: {
      name: stringOrNull(issuer, "name", `${where} issuer`),
      userPrincipalName: stringOrNull(issuer, "userPrincipalName", `${where} issuer`),
    },
    startedAt: isoOrNull(requiredString(json, "startedAt", where), "startedAt", where) as string,
    endedAt: isoOrNull(stringOrNull(json, "endedAt", where), "endedAt", where),
    ticket: stringOrNull(json, "ticket", where),
    settings,
    rows,
  };
}

/** RFC 4180 records (quoted or bare fields, CRLF or LF). Throws on an unclosed quote. */
function csvRecords(body: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let atFieldStart = true;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (quoted) {
      if (char === '"') {
        if (body[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else field += char;
    } else if (char === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (char === ",") {
      record.push(field);
      field = "";
      atFieldStart = true;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && body[index + 1] === "\n") index += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      atFieldStart = true;
    } else {
      field += char;
      atFieldStart = false;
    }
  }
  if (quoted) fail("The CSV receipt is cut short: a quoted cell never ends.");
  if (!atFieldStart || field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Undoes the writer's formula guard: a leading apostrophe before = + - @ tab or CR. */
const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

function parseYesNo(cell: string, what: string): boolean | null {
  if (cell === "") return null;
  if (cell === "Yes") return true;
  if (cell === "No") return false;
  return fail(`${what} must be Yes, No or empty (found "${cell}").`);
}

const orNull = (cell: string) => (cell === "" ? null : cell);

function parseCsvReceipt(body: string): Receipt {
  const records = csvRecords(body).map((record) => record.map(unguard));
  const [title, ...rest] = records;
  if (!title || title[0] !== RECEIPT_CSV_TITLE) return fail(NOT_A_RECEIPT);
  checkVersion(Number(title[1]));
  const facts = new Map<string, string>();
  let index = 0;
  for (; index < rest.length; index += 1) {
    const record = rest[index] ?? [];
    if (record.length === 1 && record[0] === "") break;
    const [key = "", value = ""] = record;
    facts.set(key, value);
  }
  for (const key of FACT_KEYS) if (!facts.has(key)) fail(`The receipt's "${key}" line is missing.`);
  const fact = (key: FactKey) => facts.get(key) ?? "";
  const header = rest[index + 1];
  if (!header || header.join("\u0000") !== RECEIPT_CSV_ROW_HEADER.join("\u0000")) {
    fail("The receipt's table of rows is missing or its columns were changed.");
  }
  const outcomeByText = new Map(Object.entries(OUTCOME_TEXT).map(([kind, label]) => [label, kind as ReceiptOutcome]));
  const rows = rest.slice(index + 2).flatMap((record, rowIndex): ReceiptRow[] => {
    // A spreadsheet may add empty lines at the end.
    if (record.every((cell) => cell === "")) return [];
    const at = `Row ${rowIndex + 1}`;
    if (record.length !== RECEIPT_CSV_ROW_HEADER.length) {
      fail(`${at} has ${record.length} cells; a receipt row has ${RECEIPT_CSV_ROW_HEADER.length}.`);
    }
    const [line = "", user = "", userId = "", outcome = "", methodId = "", from = "", until = "", once = "", requestId = "", reason = ""] =
      record;
    const kind = outcomeByText.get(outcome) ?? fail(`${at}: unknown outcome "${outcome}".`);
    if (line !== "" && !/^\d+$/.test(line)) fail(`${at}: the line must be a whole number (found "${line}").`);
    return [
      checkRow(
        {
          line: line === "" ? null : Number(line),
          userPrincipalName: user,
          userId: orNull(userId),
          outcome: kind,
          methodId: orNull(methodId),
          validFrom: orNull(from),
          validUntil: orNull(until),
          isUsableOnce: parseYesNo(once, `${at}: "One-time use"`),
          requestId: orNull(requestId),
          reason,
        },
        at,
      ),
    ];
  });
  const replace = parseYesNo(fact("Replace usable passes"), `"Replace usable passes"`);
  const lifetime = fact("Lifetime in minutes (empty: tenant default)");
  if (lifetime !== "" && !/^\d+$/.test(lifetime)) fail(`"Lifetime in minutes" must be a whole number or empty (found "${lifetime}").`);
  const startCell = fact("Start (UTC; empty: at once)");
  const firstDayTime = fact("First-day start at (their local time; empty: not used)");
  if (firstDayTime !== "" && !/^\d{2}:\d{2}$/.test(firstDayTime))
    fail(`"First-day start at" must be a time like 07:30 (found "${firstDayTime}").`);
  const runId = fact("Run ID");
  if (runId === "") fail(`The receipt's "Run ID" is empty.`);
  const startedAt = fact("Started (UTC)");
  isoOrNull(startedAt === "" ? fail(`The receipt's "Started (UTC)" is empty.`) : startedAt, "Started (UTC)", "Receipt");
  return {
    kind: RECEIPT_KIND,
    version: RECEIPT_VERSION,
    runId,
    partial: parseYesNo(fact("Partial"), `"Partial"`) ?? fail(`The receipt's "Partial" is empty.`),
    note: fact("Note"),
    tenant: { id: orNull(fact("Tenant ID")), name: orNull(fact("Tenant name")) },
    issuer: { name: orNull(fact("Issuer name")), userPrincipalName: orNull(fact("Issuer UPN")) },
    startedAt,
    endedAt: isoOrNull(orNull(fact("Ended (UTC)")), "Ended (UTC)", "Receipt"),
    ticket: orNull(fact("Ticket")),
    settings:
      replace === null
        ? null
        : {
            lifetimeInMinutes: lifetime === "" ? null : Number(lifetime),
            isUsableOnce: parseYesNo(fact("One-time use (empty: tenant default)"), `"One-time use"`),
            startDateTime: startCell === FIRST_DAY_START_CELL ? null : isoOrNull(orNull(startCell), "Start (UTC)", "Receipt"),
            replaceUsablePasses: replace,
            ...(firstDayTime === ""
              ? {}
              : {
                  firstDay: {
                    time: firstDayTime,
                    timeZone: fact("First-day time zone (rows without their own)"),
                    pastStartsNow:
                      parseYesNo(fact("First-day: past start dates start now"), `"First-day: past start dates start now"`) === true,
                  },
                }),
            ...(parseYesNo(fact("Also issued for disabled accounts"), `"Also issued for disabled accounts"`) === true
              ? { issueForDisabledAccounts: true as const }
              : {}),
          },
    rows,
  };
}
