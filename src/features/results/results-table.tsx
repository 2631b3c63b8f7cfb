import { Badge, Button, Checkbox, makeStyles, mergeClasses, Text, tokens, Tooltip } from "@fluentui/react-components";
import { CopyRegular } from "@fluentui/react-icons";
import type { PassVault } from "../../lib/tap/pass-vault";
import type { IssuedPass, ResultRow } from "../../lib/tap/run-types";
import { formatLocal, formatUtc } from "../../domain/format-time";
import { Upn } from "../../components/upn";
import { formatInZone, isTimeZone } from "../../domain/zoned-time";
import {
  graphAnswerText,
  OUTCOME_LABEL,
  outcomeReason,
  outcomeRequestId,
  REMOVAL_LABEL,
  rowDisplayName,
  rowReason,
  rowUpn,
} from "./result-rows";
import { DISABLED_ACCOUNT_NOTE } from "../../domain/disabled-account";
import { useResultRowsVirtualizer, vaultStateKey } from "./use-result-rows-virtualizer";

export const ROW_HEIGHT = 72;
const HEADER_HEIGHT = 40;
const OVERSCAN = 8;

const COLUMNS = ["Line", "User", "Temporary Access Pass", "Valid from", "Valid until", "One-time use", "Outcome", "Copy"] as const;

const useStyles = makeStyles({
  scroller: {
    height: "min(65vh, 640px)",
    overflow: "auto",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  row: {
    display: "grid",
    gridTemplateColumns:
      "56px minmax(200px, 2fr) minmax(190px, 1.6fr) minmax(150px, 1fr) minmax(150px, 1fr) 96px minmax(200px, 1.8fr) 56px",
    columnGap: tokens.spacingHorizontalM,
    alignItems: "center",
    minWidth: "1120px",
    boxSizing: "border-box",
    paddingInline: tokens.spacingHorizontalM,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  header: {
    position: "sticky",
    top: 0,
    zIndex: 1,
    height: `${HEADER_HEIGHT}px`,
    backgroundColor: tokens.colorNeutralBackground3,
    fontWeight: tokens.fontWeightSemibold,
  },
  body: { position: "relative", minWidth: "1120px" },
  // With a selection column in front.
  rowSelectable: {
    gridTemplateColumns:
      "40px 56px minmax(200px, 2fr) minmax(190px, 1.6fr) minmax(150px, 1fr) minmax(150px, 1fr) 96px minmax(200px, 1.8fr) 56px",
    minWidth: "1170px",
  },
  bodySelectable: { minWidth: "1170px" },
  reasonCellSelectable: { gridColumn: "4 / span 4" },
  removalNote: { display: "-webkit-box", WebkitLineClamp: 2, WebkitBoxOrient: "vertical", overflow: "hidden", maxWidth: "100%" },
  bodyRow: { position: "absolute", top: 0, left: 0, width: "100%", height: `${ROW_HEIGHT}px` },
  cell: { minWidth: 0, display: "flex", flexDirection: "column", justifyContent: "center" },
  clip: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  secondary: { color: tokens.colorNeutralForeground3 },
  pass: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    letterSpacing: "0.06em",
    // One click selects the whole value, so a manual copy can't miss a character.
    userSelect: "all",
    wordBreak: "break-all",
  },
  muted: { color: tokens.colorNeutralForeground3, fontStyle: "italic" },
  outcome: { display: "flex", flexDirection: "column", gap: "2px", alignItems: "flex-start", minWidth: 0, width: "100%" },
  reasonCell: { gridColumn: "3 / span 4" },
  badgeCell: { alignItems: "flex-start" },
  wrap2: { display: "-webkit-box", WebkitLineClamp: 2, WebkitBoxOrient: "vertical", overflow: "hidden", maxWidth: "100%" },
  empty: { padding: tokens.spacingVerticalXL, textAlign: "center" },
});

/** Rows the admin can pick (to remove their passes): a checkbox in front of each row that can be removed. */
export interface RowSelection {
  selected: ReadonlySet<string>;
  selectable: ReadonlySet<string>;
  onToggle: (rowId: string, checked: boolean) => void;
}

export interface ResultsTableProps {
  rows: readonly ResultRow[];
  vault: PassVault;
  hideValues: boolean;
  onCopy: (row: ResultRow, pass: IssuedPass) => void;
  selection?: RowSelection;
}

/**
 * A virtualized ARIA table: only the rows in view (plus a few) are in the DOM, so 10,000 rows
 * scroll smoothly. aria-rowcount/aria-rowindex tell assistive tech where each row sits.
 */
export function ResultsTable(props: ResultsTableProps) {
  return <VirtualResultsTable key={vaultStateKey(props.vault)} {...props} />;
}

function VirtualResultsTable({ rows, vault, hideValues, onCopy, selection }: ResultsTableProps) {
  const styles = useStyles();
  const { scrollerRef, virtualizer } = useResultRowsVirtualizer(rows, {
    estimateSize: ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: HEADER_HEIGHT,
  });

  return (
    // Focusable so the keyboard can scroll it even when no row holds a button (values cleared).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div ref={scrollerRef} className={styles.scroller} tabIndex={0}>
      <div role="table" aria-label="Results per user" aria-rowcount={rows.length + 1}>
        <div role="rowgroup">
          <div role="row" aria-rowindex={1} className={mergeClasses(styles.row, selection && styles.rowSelectable, styles.header)}>
            {selection && (
              <div role="columnheader" className={styles.clip}>
                <span className="visually-hidden">Select</span>
              </div>
            )}
            {COLUMNS.map((name) => (
              <div key={name} role="columnheader" className={styles.clip}>
                {name}
              </div>
            ))}
          </div>
        </div>
        <div
          role="rowgroup"
          className={mergeClasses(styles.body, selection && styles.bodySelectable)}
          style={{ height: `${virtualizer.getTotalSize()}px` }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <ResultsTableRow
                key={item.key}
                row={row}
                pass={row.outcome.kind === "issued" ? vault.get(row.rowId) : undefined}
                ariaRowIndex={item.index + 2}
                offset={item.start - HEADER_HEIGHT}
                hideValues={hideValues}
                onCopy={onCopy}
                selection={selection}
              />
            );
          })}
        </div>
      </div>
      {rows.length === 0 && (
        <Text className={styles.empty} as="p">
          No rows match this filter.
        </Text>
      )}
    </div>
  );
}

function ResultsTableRow(props: {
  row: ResultRow;
  pass: IssuedPass | undefined;
  ariaRowIndex: number;
  offset: number;
  hideValues: boolean;
  onCopy: (row: ResultRow, pass: IssuedPass) => void;
  selection?: RowSelection;
}) {
  const { row, pass, ariaRowIndex, offset, hideValues, onCopy, selection } = props;
  const styles = useStyles();
  const upn = rowUpn(row, pass);
  const displayName = rowDisplayName(row, pass);
  const issued = row.outcome.kind === "issued";

  return (
    <div
      role="row"
      aria-rowindex={ariaRowIndex}
      className={mergeClasses(styles.row, selection && styles.rowSelectable, styles.bodyRow)}
      style={{ transform: `translateY(${offset}px)` }}
    >
      {selection && (
        <div role="cell" className={styles.cell}>
          {selection.selectable.has(row.rowId) && (
            <Checkbox
              aria-label={`Select ${upn} to remove the pass`}
              checked={selection.selected.has(row.rowId)}
              onChange={(_, data) => selection.onToggle(row.rowId, data.checked === true)}
            />
          )}
        </div>
      )}
      <div role="cell" className={styles.cell}>
        {row.line ?? "–"}
      </div>
      <div role="cell" className={styles.cell}>
        {displayName ? <span className={styles.clip}>{displayName}</span> : <Upn value={upn} className={styles.wrap2} />}
        {displayName && <Upn value={upn} className={mergeClasses(styles.wrap2, styles.secondary)} />}
      </div>
      {issued && !pass && row.removal ? (
        <div
          role="cell"
          aria-colspan={4}
          className={mergeClasses(styles.cell, selection ? styles.reasonCellSelectable : styles.reasonCell)}
        >
          <Text size={200} className={styles.removalNote} title={rowReason(row)}>
            {rowReason(row)}
          </Text>
        </div>
      ) : issued ? (
        <>
          <div role="cell" className={styles.cell}>
            <PassValue issued={issued} pass={pass} hidden={hideValues} />
          </div>
          <div role="cell" className={styles.cell}>
            {pass && <TimeLines iso={pass.startDateTime} timeZone={row.timeZone} />}
          </div>
          <div role="cell" className={styles.cell}>
            {pass && <TimeLines iso={pass.endDateTime} timeZone={row.timeZone} />}
          </div>
          <div role="cell" className={styles.cell}>
            {pass ? (pass.isUsableOnce ? "Yes" : "No") : ""}
          </div>
        </>
      ) : (
        // No pass to show: the reason gets the pass and validity columns, so it can be read whole.
        <div
          role="cell"
          aria-colspan={4}
          className={mergeClasses(styles.cell, selection ? styles.reasonCellSelectable : styles.reasonCell)}
        >
          <Reason row={row} />
        </div>
      )}
      <div role="cell" className={mergeClasses(styles.cell, styles.badgeCell)}>
        {row.removal ? (
          <>
            <Badge appearance="tint" color={REMOVAL_COLOR[row.removal.kind]}>
              {REMOVAL_LABEL[row.removal.kind]}
            </Badge>
            {row.removal.kind === "failed" && pass && (
              <Text size={100} className={styles.removalNote} title={row.removal.reason}>
                {row.removal.reason}
              </Text>
            )}
          </>
        ) : (
          <>
            <Badge appearance="tint" color={BADGE_COLOR[row.outcome.kind]}>
              {OUTCOME_LABEL[row.outcome.kind]}
            </Badge>
            {row.accountDisabled && (
              <Text size={100} className={styles.removalNote} title={DISABLED_ACCOUNT_NOTE}>
                {DISABLED_ACCOUNT_NOTE}
              </Text>
            )}
          </>
        )}
      </div>
      <div role="cell" className={styles.cell}>
        {pass && (
          <Tooltip content={`Copy pass for ${upn}`} relationship="label">
            <Button appearance="subtle" icon={<CopyRegular />} onClick={() => onCopy(row, pass)} />
          </Tooltip>
        )}
      </div>
    </div>
  );
}

function PassValue({ issued, pass, hidden }: { issued: boolean; pass: IssuedPass | undefined; hidden: boolean }) {
  const styles = useStyles();
  if (!issued) return null;
  if (!pass) return <span className={styles.muted}>Cleared</span>;
  if (hidden) return <span className={styles.muted}>Hidden</span>;
  return (
    <span className={styles.pass} data-testid="pass-value">
      {pass.value}
    </span>
  );
}

/** The browser's local time, or the person's own zone when the run started passes on their first day. */
export function TimeLines({ iso, timeZone }: { iso: string; timeZone?: string }) {
  const styles = useStyles();
  const ms = Date.parse(iso);
  const inZone = timeZone !== undefined && isTimeZone(timeZone) && !Number.isNaN(ms);
  return (
    <>
      <span className={styles.clip}>{inZone ? formatInZone(ms, timeZone) : formatLocal(iso)}</span>
      <Text size={200} className={mergeClasses(styles.clip, styles.secondary)}>
        {inZone ? `${timeZone} · ${formatUtc(iso)}` : formatUtc(iso)}
      </Text>
    </>
  );
}

export const BADGE_COLOR = { issued: "success", skipped: "warning", failed: "danger" } as const;
export const REMOVAL_COLOR = { removed: "informative", replaced: "subtle", failed: "danger" } as const;

function Reason({ row }: { row: ResultRow }) {
  const styles = useStyles();
  const reason = outcomeReason(row.outcome);
  const graph = graphAnswerText(row.outcome);
  const requestId = outcomeRequestId(row.outcome);
  return (
    <div className={styles.outcome}>
      {reason && (
        <Text size={200} className={styles.wrap2} title={reason}>
          {reason}
        </Text>
      )}
      {/* Graph's own words beside the plain reason; the whole text is in the title and the export. */}
      {graph && (
        <Text size={100} className={mergeClasses(styles.clip, styles.secondary)} title={graph} data-testid="graph-answer">
          {graph}
        </Text>
      )}
      {requestId && (
        <Text size={100} className={mergeClasses(styles.clip, styles.secondary)}>
          Request ID {requestId}
        </Text>
      )}
    </div>
  );
}
