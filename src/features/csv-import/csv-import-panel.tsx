import { useId, useRef, useState, type DragEvent } from "react";
import {
  Badge,
  Button,
  Field,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Select,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ArrowUploadRegular, DocumentTableRegular } from "@fluentui/react-icons";
import type { Candidate, ResultRow } from "../../lib/tap/run-types";
import { importSkippedRows, toCandidates } from "./import-outcomes";
import type { ImportResult } from "./import-types";
import { useCsvImport } from "./use-csv-import";
import { DATE_ORDER_LABEL, type DateOrder, type DateOrderFinding } from "./start-dates";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  drop: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalXXL,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    textAlign: "center",
  },
  dragging: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  hint: { color: tokens.colorNeutralForeground3 },
  counts: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  problems: { maxHeight: "280px", overflowY: "auto", margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

/** How many refused rows to list here; all of them reach the results and the export anyway. */
const PROBLEMS_SHOWN = 200;

export interface CsvImportPanelProps {
  onContinue: (candidates: Candidate[], skipped: ResultRow[], fileName: string) => void;
}

/** Drop or pick an onboarding CSV; shows what was detected and every row that can't be used. */
export function CsvImportPanel({ onContinue }: CsvImportPanelProps) {
  const styles = useStyles();
  const { state, importFile, chooseColumn, chooseDateOrder, reset } = useCsvImport();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const inputId = useId();

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) importFile(file);
  };

  return (
    <section className={styles.stack} aria-label="Import a CSV">
      <div
        className={mergeClasses(styles.drop, dragging && styles.dragging)}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="csv-drop-zone"
      >
        <DocumentTableRegular fontSize={32} aria-hidden />
        <Text weight="semibold">Drop an onboarding CSV here</Text>
        <Text size={200} className={styles.hint}>
          A list of UPNs, the Entra “Bulk create users” template or user export, PowerShell Export-Csv, Excel CSV or Unicode text. Optional
          columns lifetimeInMinutes, isUsableOnce and startDateTime override the settings per row; a start date (StartDate, HireDate,
          employeeHireDate…) and a TimeZone column serve passes that start on each person's first day.
        </Text>
        <label htmlFor={inputId} className="visually-hidden">
          CSV file
        </label>
        <input
          id={inputId}
          ref={inputRef}
          type="file"
          accept=".csv,.txt,.tsv,text/csv,text/plain"
          hidden
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) importFile(file);
            event.target.value = "";
          }}
          data-testid="csv-file-input"
        />
        <Button icon={<ArrowUploadRegular />} onClick={() => inputRef.current?.click()}>
          Choose a CSV file
        </Button>
      </div>

      {state.status === "reading" && (
        <Field label={`Reading ${state.fileName}…`} validationState="none">
          <ProgressBar value={state.progress?.fraction} />
        </Field>
      )}

      {state.status === "error" && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{state.fileName} can't be used</MessageBarTitle>
            {state.error.message}
          </MessageBarBody>
        </MessageBar>
      )}

      {state.status === "done" && (
        <ImportSummary
          fileName={state.fileName}
          result={state.result}
          onChooseColumn={chooseColumn}
          onChooseDateOrder={chooseDateOrder}
          onClear={reset}
          onContinue={() => onContinue(toCandidates(state.result), importSkippedRows(state.result), state.fileName)}
        />
      )}
    </section>
  );
}

function ImportSummary(props: {
  fileName: string;
  result: ImportResult;
  onChooseColumn: (index: number) => void;
  onChooseDateOrder: (order: DateOrder) => void;
  onClear: () => void;
  onContinue: () => void;
}) {
  const styles = useStyles();
  const { detection, counts, rows } = props.result;
  const problems = rows.filter((row) => row.status !== "valid");
  const columnSelectId = useId();
  const mustChoose = detection.needsColumnChoice || detection.userColumn === null;
  const dateOrder = detection.dateOrder;
  const mustChooseDates = dateOrder?.needsChoice === true;
  const askDates = dateOrder !== null && (dateOrder.finding.kind === "ambiguous" || dateOrder.finding.kind === "mixed");

  return (
    <div className={styles.stack} data-testid="import-summary">
      <MessageBar intent={mustChoose || mustChooseDates ? "warning" : "success"} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{props.fileName}</MessageBarTitle>
          <span data-testid="import-detection">{detection.summary}</span>
          {detection.notes.map((note) => (
            <Text as="p" block key={note}>
              {note}
            </Text>
          ))}
        </MessageBarBody>
      </MessageBar>

      {(mustChoose || detection.candidateColumns.length > 1) && (
        <Field label="Column with the users" hint={mustChoose ? "TAP Desk isn't sure which column holds the users: pick it." : undefined}>
          <Select
            id={columnSelectId}
            value={detection.userColumn === null ? "" : String(detection.userColumn)}
            onChange={(_event, data) => props.onChooseColumn(Number(data.value))}
          >
            {detection.userColumn === null && <option value="">Choose a column…</option>}
            {detection.columns.map((column) => (
              <option key={column.index} value={column.index}>
                {column.header}
                {column.samples.length > 0 ? ` — e.g. ${column.samples.join(", ")}` : ""}
              </option>
            ))}
          </Select>
        </Field>
      )}

      {askDates && dateOrder && (
        <Field
          label="How does this file write start dates?"
          hint={dateOrderHint(dateOrder.finding)}
          required
          validationState={mustChooseDates ? "warning" : "none"}
          validationMessage={mustChooseDates ? "Choose one to go on." : undefined}
        >
          {/* A Select, not radios: it is already on the first screen, so the choice costs the first load nothing. */}
          <Select
            value={dateOrder.order ?? ""}
            onChange={(_event, data) => {
              if (data.value === "day-first" || data.value === "month-first") props.onChooseDateOrder(data.value);
            }}
          >
            {dateOrder.order === null && <option value="">Choose…</option>}
            {(["day-first", "month-first"] as const).map((order) => (
              <option key={order} value={order}>
                {`${DATE_ORDER_LABEL[order]} (${exampleDate(dateOrder.finding.kind === "ambiguous" ? dateOrder.finding.value : "03/04/2026", order)})`}
              </option>
            ))}
          </Select>
        </Field>
      )}

      <div role="group" className={styles.counts} aria-label="Rows in the file">
        <Badge appearance="tint" color="informative">
          {counts.total} rows
        </Badge>
        <Badge appearance="tint" color="success">
          {counts.valid} users to check
        </Badge>
        {counts.invalid > 0 && (
          <Badge appearance="tint" color="danger">
            {counts.invalid} invalid
          </Badge>
        )}
        {counts.duplicate > 0 && (
          <Badge appearance="tint" color="warning">
            {counts.duplicate === 1 ? "1 duplicate" : `${counts.duplicate} duplicates`}
          </Badge>
        )}
        {counts.withOverrides > 0 && <Badge appearance="tint">{counts.withOverrides} with their own settings</Badge>}
      </div>

      {problems.length > 0 && (
        <div>
          <Text weight="semibold">Rows that will be skipped</Text>
          {/* Scrolls when long, so it takes focus: keyboard users can scroll it too (axe: scrollable-region-focusable). */}
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
          <ul className={styles.problems} data-testid="import-problems" tabIndex={0} aria-label="Rows that will be skipped">
            {problems.slice(0, PROBLEMS_SHOWN).map((row) => (
              <li key={row.line}>
                Line {row.line}: <code>{row.identifier || row.raw || "(empty)"}</code> —{" "}
                {row.status === "duplicate" && row.duplicateOf !== undefined ? `duplicate of line ${row.duplicateOf}` : row.reason}
              </li>
            ))}
          </ul>
          {problems.length > PROBLEMS_SHOWN && (
            <Text size={200}>…and {problems.length - PROBLEMS_SHOWN} more. Every skipped row is listed in the results and the export.</Text>
          )}
        </div>
      )}

      <div className={styles.actions}>
        <Button appearance="primary" disabled={mustChoose || mustChooseDates || counts.valid === 0} onClick={props.onContinue}>
          {counts.valid === 0 ? "No users to check" : `Check ${counts.valid} users`}
        </Button>
        <Button onClick={props.onClear}>Choose another file</Button>
      </div>
    </div>
  );
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "03/04/2026 is 3 April 2026": what a choice means, spelled out. */
function exampleDate(value: string, order: DateOrder): string {
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(value);
  if (!m) return value;
  const [day, month] = order === "day-first" ? [Number(m[1]), Number(m[2])] : [Number(m[2]), Number(m[1])];
  return `${value} is ${day} ${MONTHS[month - 1] ?? "?"} ${m[3]}`;
}

function dateOrderHint(finding: DateOrderFinding): string {
  if (finding.kind === "mixed") {
    return `Some dates only work day first (${finding.dayFirst.value} on line ${finding.dayFirst.line}), others only month first (${finding.monthFirst.value} on line ${finding.monthFirst.line}). Choose one; rows that don't fit it are refused.`;
  }
  if (finding.kind === "ambiguous") {
    return `Every date in the file, like ${finding.value} on line ${finding.line}, could be either. Choose before the check; nothing is guessed.`;
  }
  return "";
}
