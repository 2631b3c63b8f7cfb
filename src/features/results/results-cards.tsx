import { Badge, Button, Checkbox, makeStyles, Text, tokens } from "@fluentui/react-components";
import { CopyRegular } from "@fluentui/react-icons";
import type { IssuedPass, ResultRow } from "../../lib/tap/run-types";
import { Upn } from "../../components/upn";
import { DISABLED_ACCOUNT_NOTE } from "../../domain/disabled-account";
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
import { BADGE_COLOR, REMOVAL_COLOR, TimeLines, type ResultsTableProps } from "./results-table";
import { useResultRowsVirtualizer, vaultStateKey } from "./use-result-rows-virtualizer";

/** A first guess at a card's height; each card is measured once shown, so long reasons still fit. */
const ESTIMATED_CARD_HEIGHT = 200;
const OVERSCAN = 4;

const useStyles = makeStyles({
  scroller: {
    height: "min(75vh, 720px)",
    overflowY: "auto",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  list: { position: "relative", width: "100%", margin: 0, padding: 0, listStyleType: "none" },
  slot: { position: "absolute", top: 0, left: 0, width: "100%", boxSizing: "border-box", padding: tokens.spacingVerticalXS },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  top: { display: "flex", alignItems: "flex-start", gap: tokens.spacingHorizontalS },
  who: { display: "flex", flexDirection: "column", flexGrow: 1, minWidth: 0 },
  name: { fontWeight: tokens.fontWeightSemibold, overflowWrap: "break-word" },
  secondary: { color: tokens.colorNeutralForeground3 },
  badges: { display: "flex", flexDirection: "column", alignItems: "flex-end", gap: "2px", flexShrink: 0 },
  passRow: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  pass: {
    flexGrow: 1,
    minWidth: 0,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    letterSpacing: "0.08em",
    // One tap selects the whole value, so a manual copy can't miss a character.
    userSelect: "all",
    wordBreak: "break-all",
  },
  times: { display: "grid", gridTemplateColumns: "auto 1fr", columnGap: tokens.spacingHorizontalM, rowGap: "2px" },
  term: { color: tokens.colorNeutralForeground3 },
  timeValue: { display: "flex", flexDirection: "column", minWidth: 0, margin: 0 },
  note: { fontWeight: tokens.fontWeightSemibold },
  muted: { flexGrow: 1, color: tokens.colorNeutralForeground3, fontStyle: "italic" },
  graph: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  empty: { padding: tokens.spacingVerticalXL, textAlign: "center" },
});

/**
 * The results at phone width: one card per person, the pass large and copyable. Virtualised like the
 * table (only the cards in view are in the DOM, each measured once shown), so 10,000 rows stay cheap.
 */
export function ResultsCards(props: ResultsTableProps) {
  return <VirtualResultsCards key={vaultStateKey(props.vault)} {...props} />;
}

function VirtualResultsCards({ rows, vault, hideValues, onCopy, selection }: ResultsTableProps) {
  const styles = useStyles();
  const { scrollerRef, virtualizer } = useResultRowsVirtualizer(rows, { estimateSize: ESTIMATED_CARD_HEIGHT, overscan: OVERSCAN });

  return (
    // Focusable so the keyboard can scroll it even when no card holds a button (values cleared).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div ref={scrollerRef} className={styles.scroller} tabIndex={0}>
      <ul aria-label="Results per user" className={styles.list} style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const pass = row.outcome.kind === "issued" ? vault.get(row.rowId) : undefined;
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              aria-setsize={rows.length}
              aria-posinset={item.index + 1}
              className={styles.slot}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <ResultCard row={row} pass={pass} hideValues={hideValues} onCopy={onCopy} selection={selection} />
            </li>
          );
        })}
      </ul>
      {rows.length === 0 && (
        <Text className={styles.empty} as="p">
          No rows match this filter.
        </Text>
      )}
    </div>
  );
}

function ResultCard(props: {
  row: ResultRow;
  pass: IssuedPass | undefined;
  hideValues: boolean;
  onCopy: (row: ResultRow, pass: IssuedPass) => void;
  selection: ResultsTableProps["selection"];
}) {
  const { row, pass, hideValues, onCopy, selection } = props;
  const styles = useStyles();
  const upn = rowUpn(row, pass);
  const displayName = rowDisplayName(row, pass);
  const issued = row.outcome.kind === "issued";

  return (
    <article className={styles.card} aria-label={displayName || upn} data-testid="result-card">
      <div className={styles.top}>
        {selection?.selectable.has(row.rowId) && (
          <Checkbox
            aria-label={`Select ${upn} to remove the pass`}
            checked={selection.selected.has(row.rowId)}
            onChange={(_, data) => selection.onToggle(row.rowId, data.checked === true)}
          />
        )}
        <div className={styles.who}>
          {displayName && <Text className={styles.name}>{displayName}</Text>}
          <Upn value={upn} className={displayName ? styles.secondary : styles.name} />
          <Text size={200} className={styles.secondary}>
            {row.line === null ? "Picked from search" : `Line ${row.line}`}
          </Text>
        </div>
        <div className={styles.badges}>
          {row.removal ? (
            <Badge appearance="tint" color={REMOVAL_COLOR[row.removal.kind]}>
              {REMOVAL_LABEL[row.removal.kind]}
            </Badge>
          ) : (
            <Badge appearance="tint" color={BADGE_COLOR[row.outcome.kind]}>
              {OUTCOME_LABEL[row.outcome.kind]}
            </Badge>
          )}
        </div>
      </div>

      {row.accountDisabled && (
        <Text size={200} className={styles.note}>
          {DISABLED_ACCOUNT_NOTE}
        </Text>
      )}

      {issued && !pass && row.removal ? (
        <Text size={200}>{rowReason(row)}</Text>
      ) : issued ? (
        <>
          <div className={styles.passRow}>
            {!pass ? (
              <span className={styles.muted}>Cleared</span>
            ) : hideValues ? (
              <span className={styles.muted}>Hidden</span>
            ) : (
              <span className={styles.pass} data-testid="pass-value">
                {pass.value}
              </span>
            )}
            {pass && (
              <Button appearance="subtle" icon={<CopyRegular />} aria-label={`Copy pass for ${upn}`} onClick={() => onCopy(row, pass)}>
                Copy
              </Button>
            )}
          </div>
          {pass && (
            <dl className={styles.times}>
              <dt className={styles.term}>Valid from</dt>
              <dd className={styles.timeValue}>
                <TimeLines iso={pass.startDateTime} timeZone={row.timeZone} />
              </dd>
              <dt className={styles.term}>Valid until</dt>
              <dd className={styles.timeValue}>
                <TimeLines iso={pass.endDateTime} timeZone={row.timeZone} />
              </dd>
              <dt className={styles.term}>One-time use</dt>
              <dd className={styles.timeValue}>{pass.isUsableOnce ? "Yes" : "No"}</dd>
            </dl>
          )}
          {row.removal?.kind === "failed" && pass && <Text size={200}>{row.removal.reason}</Text>}
        </>
      ) : (
        <CardReason row={row} />
      )}
    </article>
  );
}

/** Why a row got no pass, whole (a card grows to fit), with Graph's own words and request id beside it. */
function CardReason({ row }: { row: ResultRow }) {
  const styles = useStyles();
  const reason = outcomeReason(row.outcome);
  const graph = graphAnswerText(row.outcome);
  const requestId = outcomeRequestId(row.outcome);
  return (
    <>
      {reason && <Text size={200}>{reason}</Text>}
      {graph && (
        <Text size={100} className={styles.graph} data-testid="graph-answer">
          {graph}
        </Text>
      )}
      {requestId && (
        <Text size={100} className={styles.graph}>
          Request ID {requestId}
        </Text>
      )}
    </>
  );
}
