import { type ReactNode, useCallback, useDeferredValue, useId, useMemo, useRef, useState } from "react";
import {
  Button,
  Checkbox,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Switch,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ArrowClockwiseRegular, ArrowDownloadRegular, CopyRegular, DeleteRegular, PrintRegular } from "@fluentui/react-icons";
import type { PassVault } from "../../lib/tap/pass-vault";
import type { IssuedPass, LearnedPolicy, ResultRow } from "../../lib/tap/run-types";
import { idleClearedText } from "./countdown";
import { exportPasses } from "./download-export";
import { ExportWorkbookButton } from "./export-workbook-button";
import type { ExportKind } from "./export-csv";
import { IdleClearCountdown } from "./idle-clear-countdown";
import { useHandouts } from "./handouts/print-handouts";
import { copyAllText, countOutcomes, filterRows, isRemoved, OUTCOME_LABEL, rowUpn, type OutcomeFilter } from "./result-rows";
import { matchCountText, searchRows } from "./result-search";
import { ResultsSearchBox } from "./results-search-box";
import { ResultsTable, type RowSelection } from "./results-table";
import { ResultsCards } from "./results-cards";
import { useNarrowScreen } from "../../components/use-narrow-screen";
import { passesWord, RemovePassesDialog } from "../../components/remove-passes-dialog";
import { RefusalOffer, type ReissueChoice } from "./refusal-offer";
import { CopyStatusRegion } from "./copy-status";
import { useClipboard } from "./use-clipboard";
import { DEFAULT_IDLE_CLEAR_MS } from "./use-idle-clear";
import { UnsavedPassesDialog } from "./unsaved-passes-dialog";
import { useUnsavedPassesGuard } from "./use-unsaved-passes-guard";
import { useVaultVersion } from "./use-vault";

const useStyles = makeStyles({
  view: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  header: { display: "flex", flexWrap: "wrap", alignItems: "baseline", justifyContent: "space-between", gap: tokens.spacingHorizontalL },
  titleBlock: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  bar: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  spacer: { flexGrow: 1 },
});

export interface ResultsViewProps {
  rows: ResultRow[];
  vault: PassVault;
  onDone: () => void;
  onRetryFailed?: () => void;
  /** What the run learned from Entra's refusals, and how to re-issue the refused rows within it. */
  refusals?: { learned: LearnedPolicy; onReissue?: (choice: ReissueChoice) => void };
  title?: string;
  /** Clear the values after this long without pointer or keyboard activity. */
  idleClearAfterMs?: number;
  /** The run's ticket / reference: shown here, on printed slips and in the exports. */
  ticket?: string | null;
  /** Downloads of the run's receipt (no values), composed by the app layer. */
  receiptActions?: ReactNode;
  /** Offers to remove (delete in Entra) the passes of selected issued rows; absent while a removal runs. */
  onRemovePasses?: (rowIds: string[]) => void;
  /** The tenant's name (`/organization`) and the signed-in admin, printed on every slip. */
  organizationName?: string | null;
  issuer?: string | null;
  /**
   * Another way to see the rows, composed by the app (the hand-off's "Group by manager"): a switch named
   * `label` shows it in place of the table. `printRows` prints just those rows' slips.
   */
  groupedView?: { label: string; render: (tools: { printRows: PrintRows }) => ReactNode };
}

/** Prints the slips of just these rows (a manager's print pack); only their values count as saved. */
export type PrintRows = (rows: readonly ResultRow[], title?: string) => void;

/** The composed view, as a component: it gets `printRows` to call from its own events, never while rendering. */
function GroupedView({ render, printRows }: { render: NonNullable<ResultsViewProps["groupedView"]>["render"]; printRows: PrintRows }) {
  return render({ printRows });
}

const FILTERS: OutcomeFilter[] = ["all", "issued", "skipped", "failed"];
const FILTER_LABEL: Record<OutcomeFilter, string> = { all: "All", ...OUTCOME_LABEL };

/** The one screen where pass values are shown: once, from memory, until exported, Done, or idle. */
export function ResultsView({
  rows,
  vault,
  onDone,
  onRetryFailed,
  refusals,
  title = "Results",
  idleClearAfterMs = DEFAULT_IDLE_CLEAR_MS,
  ticket = null,
  receiptActions,
  onRemovePasses,
  organizationName = null,
  issuer = null,
  groupedView,
}: ResultsViewProps) {
  const styles = useStyles();
  const titleId = useId();
  useVaultVersion(vault);
  useUnsavedPassesGuard(vault);
  const [filter, setFilter] = useState<OutcomeFilter>("all");
  const [hideValues, setHideValues] = useState(false);
  const [confirmingDone, setConfirmingDone] = useState(false);
  const [clearedByIdle, setClearedByIdle] = useState(false);
  const { status, copy } = useClipboard();
  // At phone width one card per person replaces the wide table.
  const phone = useNarrowScreen();

  const counts = useMemo(() => countOutcomes(rows), [rows]);
  const filteredRows = useMemo(() => filterRows(rows, filter), [rows, filter]);
  const [query, setQuery] = useState("");
  // Typing stays responsive on 10,000 rows: the table catches up with the deferred query.
  const deferredQuery = useDeferredValue(query);
  const visibleRows = useMemo(() => searchRows(filteredRows, deferredQuery), [filteredRows, deferredQuery]);
  const searchCount =
    deferredQuery.trim() === ""
      ? ""
      : matchCountText(visibleRows.length, filteredRows.length, filter === "all" ? undefined : FILTER_LABEL[filter].toLowerCase());
  const holding = vault.size > 0;
  const lookup = (rowId: string) => vault.get(rowId);

  const handoutTitle = ticket === null ? "Temporary Access Passes" : `Temporary Access Passes · ${ticket}`;
  const handouts = useHandouts({
    vault,
    context: { organizationName, issuer, ticket },
    browserPrint: holding ? { rows, title: handoutTitle } : undefined,
  });
  // A manager's print pack: the same handouts for just their people; only those count as saved.
  const chooseHandouts = handouts.choose;
  const printRows = useCallback<PrintRows>(
    (subsetRows, subsetTitle = handoutTitle) => chooseHandouts(subsetRows, { title: subsetTitle }),
    [chooseHandouts, handoutTitle],
  );
  const [grouped, setGrouped] = useState(false);
  const showGrouped = grouped && groupedView !== undefined;

  const copyOne = useCallback(
    (row: ResultRow, pass: IssuedPass) => {
      const upn = rowUpn(row, pass);
      void copy(pass.value, `Copied the pass for ${upn}.`);
    },
    [copy],
  );

  const copyAll = async () => {
    const text = copyAllText(rows, lookup);
    const lines = text === "" ? 0 : text.split("\r\n").length;
    const copied = await copy(text, `Copied ${lines} ${lines === 1 ? "pass" : "passes"}: one user name and pass per line, tab-separated.`);
    if (copied) vault.markSaved();
  };

  const exportAs = (kind: ExportKind) => exportPasses(kind, rows, vault, new Date(), ticket);

  // Rows whose pass can still be removed: issued, not removed yet, and its ids still in memory.
  const selectable = new Set(
    rows.filter((row) => row.outcome.kind === "issued" && !isRemoved(row) && vault.get(row.rowId)).map((row) => row.rowId),
  );
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const selected = new Set([...picked].filter((rowId) => selectable.has(rowId)));
  // The count the question was asked with: it stays while the dialog closes (the selection is cleared at once).
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const [askedCount, setAskedCount] = useState(0);
  const removeButton = useRef<HTMLButtonElement>(null);
  const selection: RowSelection | undefined = onRemovePasses
    ? {
        selected,
        selectable,
        onToggle: (rowId, checked) =>
          setPicked((current) => {
            const next = new Set(current);
            if (checked) next.add(rowId);
            else next.delete(rowId);
            return next;
          }),
      }
    : undefined;
  const allSelected = selectable.size > 0 && selected.size === selectable.size;
  const confirmRemove = () => {
    // Focus leaves the dialog before it unmounts (fluentui#35139).
    removeButton.current?.focus();
    setConfirmingRemove(false);
    const rowIds = [...selected];
    setPicked(new Set());
    onRemovePasses?.(rowIds);
  };

  const doneButton = useRef<HTMLButtonElement>(null);
  const finish = () => {
    // Focus leaves the dialog before it is unmounted: an open Fluent Dialog that is unmounted leaves
    // aria-hidden on #root (fluentui#35139), hiding the next screen from screen readers.
    if (confirmingDone) doneButton.current?.focus();
    setConfirmingDone(false);
    vault.clear();
    onDone();
  };
  const requestDone = () => {
    if (vault.hasUnsavedValues) setConfirmingDone(true);
    else finish();
  };

  return (
    <section className={styles.view} aria-labelledby={titleId}>
      <div className={styles.header}>
        <div className={styles.titleBlock}>
          <Text as="h2" size={600} weight="semibold" id={titleId}>
            {title}
          </Text>
          {ticket !== null && <Text weight="semibold">Ticket / reference: {ticket}</Text>}
          <Text>These passes are shown only this once and kept only in this page's memory. Export, print or copy them now.</Text>
          {receiptActions && (
            // Up here, apart from the values' exports: the receipt holds no value and stays after Done.
            <div role="group" aria-label="Receipt of this run" className={styles.bar}>
              {receiptActions}
              <Text size={200}>Every row with pass method ids and Graph request ids; no pass value.</Text>
            </div>
          )}
        </div>
        <IdleClearCountdown vault={vault} idleMs={idleClearAfterMs} onCleared={() => setClearedByIdle(true)} />
      </div>

      {!holding && counts.issued > 0 && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Pass values cleared</MessageBarTitle>
            {clearedByIdle ? idleClearedText(idleClearAfterMs) : "The pass values were cleared from this page."} The outcomes stay below;
            issue new passes for anyone who still needs one.
          </MessageBarBody>
        </MessageBar>
      )}

      {refusals && <RefusalOffer rows={rows} learned={refusals.learned} onReissue={refusals.onReissue} />}

      <div role="group" aria-label="Show rows by outcome" className={styles.bar}>
        {FILTERS.map((key) => (
          <Button
            key={key}
            aria-pressed={filter === key}
            appearance={filter === key ? "primary" : "secondary"}
            onClick={() => setFilter(key)}
          >
            {FILTER_LABEL[key]} {counts[key].toLocaleString()}
          </Button>
        ))}
        {onRetryFailed && counts.failed > 0 && (
          <Button icon={<ArrowClockwiseRegular />} onClick={onRetryFailed}>
            Retry failed rows
          </Button>
        )}
      </div>

      <div role="toolbar" aria-label="Save the passes" className={styles.bar}>
        <ExportWorkbookButton rows={rows} vault={vault} disabled={!holding} ticket={ticket} />
        <Button icon={<CopyRegular />} disabled={!holding} onClick={() => void copyAll()}>
          Copy all
        </Button>
        <Button icon={<ArrowDownloadRegular />} disabled={!holding} onClick={() => exportAs("results")}>
          Export CSV
        </Button>
        <Button icon={<ArrowDownloadRegular />} disabled={!holding} onClick={() => exportAs("scripts")}>
          Export for scripts (User Name, Temporary Access Pass)
        </Button>
        <Button icon={<PrintRegular />} disabled={!holding} onClick={() => handouts.choose(rows, { title: handoutTitle })}>
          Print handouts
        </Button>
        <Switch label="Hide values" checked={hideValues} onChange={(_, data) => setHideValues(data.checked)} />
        <span className={styles.spacer} />
        <Button appearance="primary" ref={doneButton} onClick={requestDone}>
          Done
        </Button>
      </div>

      <Text size={200}>
        The Excel workbook is safe to double-click: every cell is text. The CSV files keep pass values exactly as issued, for scripts; open
        them in Excel only through Data → From Text/CSV, as a pass starting with + or = may be read as a formula and changed.
      </Text>

      {/* Find comes first after Done: it is what the keyboard reaches for in a long list. */}
      {!showGrouped && <ResultsSearchBox query={query} onQueryChange={setQuery} countText={searchCount} />}

      {groupedView && <Switch label={groupedView.label} checked={grouped} onChange={(_, data) => setGrouped(data.checked)} />}

      {!showGrouped && onRemovePasses && selectable.size > 0 && (
        <div role="group" aria-label="Remove passes" className={styles.bar}>
          <Checkbox
            label={`Select all issued (${selectable.size.toLocaleString()})`}
            checked={allSelected ? true : selected.size > 0 ? "mixed" : false}
            onChange={(_, data) => setPicked(data.checked === true ? new Set(selectable) : new Set())}
          />
          <Button
            ref={removeButton}
            icon={<DeleteRegular />}
            disabled={selected.size === 0}
            onClick={() => {
              setAskedCount(selected.size);
              setConfirmingRemove(true);
            }}
          >
            {selected.size === 0 ? "Remove passes" : `Remove ${passesWord(selected.size)}`}
          </Button>
          <Text size={200}>Deletes the selected passes in Entra; they stop working at once.</Text>
        </div>
      )}

      <CopyStatusRegion status={status} />

      {showGrouped ? (
        groupedView && <GroupedView render={groupedView.render} printRows={printRows} />
      ) : phone ? (
        <ResultsCards rows={visibleRows} vault={vault} hideValues={hideValues} onCopy={copyOne} selection={selection} />
      ) : (
        <ResultsTable rows={visibleRows} vault={vault} hideValues={hideValues} onCopy={copyOne} selection={selection} />
      )}

      <RemovePassesDialog
        count={askedCount}
        open={confirmingRemove}
        onConfirm={confirmRemove}
        onCancel={() => setConfirmingRemove(false)}
      />

      <UnsavedPassesDialog
        open={confirmingDone}
        title="Finish without saving the passes?"
        leaveLabel="Clear the passes and finish"
        onStay={() => setConfirmingDone(false)}
        onLeave={finish}
      />

      {handouts.element}
    </section>
  );
}
