/**
 * A run's receipt: who issued which pass to whom, when, for which ticket — and never a pass value.
 * It is what a helpdesk files with the ticket, and what "Revoke from a receipt" reads back later:
 * every issued row carries the user id and the pass method id a DELETE needs.
 */
import type { FirstDayStart, IssuedPass, PassSettings, ResultRow } from "../../lib/tap/run-types";

export const RECEIPT_KIND = "tap-desk-receipt";
export const RECEIPT_VERSION = 1;

/** What a receipt knows of an issued pass: everything but the value. */
export type PassRecord = Omit<IssuedPass, "value">;

export type ReceiptOutcome = "issued" | "skipped" | "failed" | "uncertain" | "not-reached";

export interface ReceiptRow {
  /** 1-based CSV line, or null when picked from search. */
  line: number | null;
  userPrincipalName: string;
  /** Entra object id; known for issued rows (from Graph's answer), else null. */
  userId: string | null;
  outcome: ReceiptOutcome;
  /** The temporaryAccessPassMethod id Entra gave the pass; null unless issued. */
  methodId: string | null;
  /** ISO 8601 UTC, as Entra answered. */
  validFrom: string | null;
  validUntil: string | null;
  isUsableOnce: boolean | null;
  /** Graph's request id for the create (issued) or the refusal (failed), when known. */
  requestId: string | null;
  /** Why the row was skipped or failed; empty when issued. */
  reason: string;
}

/** The run's settings as the admin asked for them; per-row results are in the rows. */
export interface ReceiptSettings {
  /** null: the tenant policy's default lifetime. */
  lifetimeInMinutes: number | null;
  /** null: the tenant policy's default. */
  isUsableOnce: boolean | null;
  /** ISO 8601 UTC; null: at once, unless `firstDay` is set. */
  startDateTime: string | null;
  replaceUsablePasses: boolean;
  /** Present when each pass started on the person's own start date (the rows hold each start). */
  firstDay?: FirstDayStart;
  /** Present (true) when the run also issued for disabled (pre-staged) accounts. */
  issueForDisabledAccounts?: true;
}

export interface Receipt {
  kind: typeof RECEIPT_KIND;
  version: typeof RECEIPT_VERSION;
  runId: string;
  /** True when rebuilt from the page's run journal after a reload: names and outcomes only. */
  partial: boolean;
  note: string;
  tenant: { id: string | null; name: string | null };
  issuer: { name: string | null; userPrincipalName: string | null };
  startedAt: string;
  endedAt: string | null;
  ticket: string | null;
  /** null in a partial receipt: the journal does not hold them. */
  settings: ReceiptSettings | null;
  rows: ReceiptRow[];
}

/** What the app knows about a run besides its rows. */
export interface RunFacts {
  runId: string;
  startedAt: string;
  endedAt: string | null;
  ticket: string | null;
  settings: ReceiptSettings | null;
  tenant: { id: string; displayName: string | null } | null;
  issuer: { displayName: string | null; userPrincipalName: string } | null;
}

export const FULL_NOTE = "Receipt of a TAP Desk run. It holds no Temporary Access Pass value.";
export const PARTIAL_NOTE =
  "Partial receipt, rebuilt after the page was reloaded mid-run from the run journal, which keeps user names and " +
  "outcome kinds only: no line numbers, user ids, pass method ids, validity, request ids, ticket or settings. " +
  "It holds no Temporary Access Pass value.";

/** The settings part of a receipt, picked field by field from the run's settings. */
export function receiptSettingsOf(settings: PassSettings): ReceiptSettings {
  return {
    lifetimeInMinutes: settings.lifetimeInMinutes,
    isUsableOnce: settings.isUsableOnce,
    startDateTime: settings.startDateTime === "" ? null : settings.startDateTime,
    replaceUsablePasses: settings.replaceUsablePasses,
    // A first-day run has no single start: without this the receipt would read as "at once".
    ...(settings.firstDay
      ? { firstDay: { time: settings.firstDay.time, timeZone: settings.firstDay.timeZone, pastStartsNow: settings.firstDay.pastStartsNow } }
      : {}),
    ...(settings.issueForDisabledAccounts === true ? { issueForDisabledAccounts: true as const } : {}),
  };
}

/** A pass's metadata without its value: picked field by field, so a new secret field can't slip in. */
export function passRecordOf(pass: IssuedPass): PassRecord {
  return {
    rowId: pass.rowId,
    userId: pass.userId,
    userPrincipalName: pass.userPrincipalName,
    displayName: pass.displayName,
    methodId: pass.methodId,
    createdDateTime: pass.createdDateTime,
    startDateTime: pass.startDateTime,
    endDateTime: pass.endDateTime,
    lifetimeInMinutes: pass.lifetimeInMinutes,
    isUsableOnce: pass.isUsableOnce,
  };
}

/**
 * Adds what the vault holds now to what was recorded before: the receipt keeps every issued pass's
 * metadata even after the values are cleared (idle, export and Done).
 */
export function recordPasses(previous: ReadonlyMap<string, PassRecord>, passes: readonly IssuedPass[]): Map<string, PassRecord> {
  const records = new Map(previous);
  for (const pass of passes) records.set(pass.rowId, passRecordOf(pass));
  return records;
}

function tenantOf(facts: RunFacts): Receipt["tenant"] {
  return { id: facts.tenant?.id ?? null, name: facts.tenant?.displayName ?? null };
}

function issuerOf(facts: RunFacts): Receipt["issuer"] {
  return { name: facts.issuer?.displayName ?? null, userPrincipalName: facts.issuer?.userPrincipalName ?? null };
}

function receiptRow(row: ResultRow, pass: PassRecord | undefined): ReceiptRow {
  const { outcome } = row;
  const issued = outcome.kind === "issued" ? pass : undefined;
  return {
    line: row.line,
    userPrincipalName: issued?.userPrincipalName || row.userPrincipalName || row.identifier,
    userId: issued?.userId ?? null,
    outcome: outcome.kind,
    methodId: issued?.methodId ?? null,
    validFrom: issued?.startDateTime ?? null,
    validUntil: issued?.endDateTime ?? null,
    isUsableOnce: issued?.isUsableOnce ?? null,
    requestId: outcome.kind === "skipped" ? null : (outcome.requestId ?? null),
    reason: outcome.kind === "issued" ? "" : outcome.reason,
  };
}

/** The receipt of a run on screen: every row, with the metadata of every pass it issued. */
export function buildReceipt(facts: RunFacts, rows: readonly ResultRow[], passes: ReadonlyMap<string, PassRecord>): Receipt {
  return {
    kind: RECEIPT_KIND,
    version: RECEIPT_VERSION,
    runId: facts.runId,
    partial: false,
    note: FULL_NOTE,
    tenant: tenantOf(facts),
    issuer: issuerOf(facts),
    startedAt: facts.startedAt,
    endedAt: facts.endedAt,
    ticket: facts.ticket,
    settings: facts.settings,
    rows: rows.map((row) => receiptRow(row, passes.get(row.rowId))),
  };
}

/** One row of an interrupted run, as the journal kept it. */
export interface JournalRow {
  user: string;
  status: ReceiptOutcome;
}

/** The receipt an interrupted run can still give: only what the journal held, and marked partial. */
export function buildPartialReceipt(
  facts: Pick<RunFacts, "runId" | "startedAt" | "tenant" | "issuer">,
  entries: readonly JournalRow[],
): Receipt {
  return {
    kind: RECEIPT_KIND,
    version: RECEIPT_VERSION,
    runId: facts.runId,
    partial: true,
    note: PARTIAL_NOTE,
    tenant: tenantOf({ ...facts, endedAt: null, ticket: null, settings: null }),
    issuer: issuerOf({ ...facts, endedAt: null, ticket: null, settings: null }),
    startedAt: facts.startedAt,
    endedAt: null,
    ticket: null,
    settings: null,
    rows: entries.map((entry) => ({
      line: null,
      userPrincipalName: entry.user,
      userId: null,
      outcome: entry.status,
      methodId: null,
      validFrom: null,
      validUntil: null,
      isUsableOnce: null,
      requestId: null,
      reason: "",
    })),
  };
}
