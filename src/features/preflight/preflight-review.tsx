import { useMemo, useRef, useState } from "react";
import {
  Badge,
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Radio,
  RadioGroup,
  Spinner,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useVirtualizer } from "@tanstack/react-virtual";
import { describeError } from "../../lib/describe-error";
import type { IssuerCapability } from "../../lib/directory-roles";
import type { Candidate } from "../../lib/tap/run-types";
import type { PreflightProgress, PreflightResult, PreflightRow, PreflightVerdict } from "./preflight-types";
import { selectTargets } from "./select-targets";
import { usePreflight } from "./use-preflight";
import { ISSUABLE_VERDICTS, REPLACEABLE_VERDICTS, VERDICT_LABEL, VERDICT_ORDER } from "./verdicts";

/** Groups larger than this are virtualised; smaller ones render plainly (and print whole). */
const VIRTUALIZE_ABOVE = 200;
/**
 * Virtual rows have one fixed height (no per-row measuring, which is what keeps thousands cheap);
 * long details are clamped to two lines visually but stay whole for screen readers.
 */
const ROW_HEIGHT = 52;

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  progressRow: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
  progressBar: { flexGrow: 1 },
  tabs: { flexWrap: "wrap" },
  tabLabel: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  body: { maxHeight: "480px", overflowY: "auto" },
  spacer: { position: "relative", width: "100%" },
  virtualRow: { position: "absolute", top: 0, left: 0, width: "100%", height: `${ROW_HEIGHT}px`, overflow: "hidden" },
  clamp: { display: "-webkit-box", WebkitLineClamp: 2, WebkitBoxOrient: "vertical", overflow: "hidden" },
  line: { flexGrow: 0, flexShrink: 0, flexBasis: "72px" },
  name: { flexGrow: 2, flexBasis: 0, minWidth: 0 },
  upn: { flexGrow: 3, flexBasis: 0, minWidth: 0, wordBreak: "break-all" },
  detail: { flexGrow: 5, flexBasis: 0, minWidth: 0, paddingBlock: tokens.spacingVerticalXS },
});

const numberFormat = new Intl.NumberFormat();

function badgeColor(verdict: PreflightVerdict): "success" | "informative" | "warning" | "danger" {
  if (ISSUABLE_VERDICTS.has(verdict)) return "success";
  if (REPLACEABLE_VERDICTS.has(verdict)) return "informative";
  if (verdict === "lookup-failed") return "danger";
  return "warning";
}

export interface PreflightProgressViewProps {
  progress: PreflightProgress;
  onCancel?: () => void;
}

/** "Checked 1,200 of 5,000 users" with a bar and a way out. */
export function PreflightProgressView({ progress, onCancel }: PreflightProgressViewProps) {
  const styles = useStyles();
  const value = progress.total === 0 ? 0 : progress.resolved / progress.total;
  return (
    <div className={styles.progressRow}>
      <Field
        className={styles.progressBar}
        label="Checking users"
        validationState="none"
        validationMessage={`Checked ${numberFormat.format(progress.resolved)} of ${numberFormat.format(progress.total)} users`}
      >
        <ProgressBar value={value} max={1} thickness="large" />
      </Field>
      {onCancel && <Button onClick={onCancel}>Cancel check</Button>}
    </div>
  );
}

interface VerdictTableProps {
  verdict: PreflightVerdict;
  rows: readonly PreflightRow[];
}

function RowCells({ row }: { row: PreflightRow }) {
  const styles = useStyles();
  return (
    <>
      <TableCell className={styles.line}>{row.candidate.line ?? "Search"}</TableCell>
      <TableCell className={styles.name}>{row.user?.displayName ?? "—"}</TableCell>
      <TableCell className={styles.upn}>{row.user?.userPrincipalName ?? row.candidate.identifier}</TableCell>
      <TableCell className={styles.detail}>
        <span className={styles.clamp} title={row.detail}>
          {row.detail}
        </span>
      </TableCell>
    </>
  );
}

/** One verdict's rows; thousands stay fast because only the visible ones are in the DOM. */
function VerdictTable({ verdict, rows }: VerdictTableProps) {
  const styles = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualize = rows.length > VIRTUALIZE_ABOVE;
  // We use no React Compiler memoisation here; the virtualizer is meant to be read during render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtualize ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  return (
    <Table noNativeElements size="small" aria-label={`${VERDICT_LABEL[verdict]}: ${rows.length} users`} aria-rowcount={rows.length + 1}>
      <TableHeader>
        <TableRow aria-rowindex={1}>
          <TableHeaderCell className={styles.line}>Line</TableHeaderCell>
          <TableHeaderCell className={styles.name}>Name</TableHeaderCell>
          <TableHeaderCell className={styles.upn}>User principal name</TableHeaderCell>
          <TableHeaderCell className={styles.detail}>What happens</TableHeaderCell>
        </TableRow>
      </TableHeader>
      {/* Scrolls past 480px, so it takes focus: keyboard users can scroll it too (axe: scrollable-region-focusable). */}
      <TableBody ref={scrollRef} className={styles.body} tabIndex={0}>
        {virtualize ? (
          <div role="presentation" className={styles.spacer} style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <TableRow
                  key={row.candidate.rowId}
                  data-index={item.index}
                  aria-rowindex={item.index + 2}
                  className={styles.virtualRow}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <RowCells row={row} />
                </TableRow>
              );
            })}
          </div>
        ) : (
          rows.map((row, index) => (
            <TableRow key={row.candidate.rowId} aria-rowindex={index + 2}>
              <RowCells row={row} />
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}

export interface PreflightReviewProps {
  result: PreflightResult;
  /** The admin's choice for users who already hold a working or future pass. */
  replaceUsablePasses: boolean;
  onReplaceUsablePassesChange: (replace: boolean) => void;
}

/** The check's outcome grouped by verdict, with the one decision preflight asks of the admin. */
export function PreflightReview({ result, replaceUsablePasses, onReplaceUsablePassesChange }: PreflightReviewProps) {
  const styles = useStyles();
  const groups = useMemo(() => {
    const byVerdict = new Map<PreflightVerdict, PreflightRow[]>();
    for (const row of result.rows) {
      const list = byVerdict.get(row.verdict);
      if (list) list.push(row);
      else byVerdict.set(row.verdict, [row]);
    }
    return VERDICT_ORDER.filter((verdict) => byVerdict.has(verdict)).map((verdict) => ({
      verdict,
      rows: byVerdict.get(verdict) ?? [],
    }));
  }, [result]);
  const [chosen, setChosen] = useState<PreflightVerdict | null>(null);
  const selected = groups.find((group) => group.verdict === chosen) ?? groups[0];
  const selection = useMemo(() => selectTargets(result, { replaceUsablePasses }), [result, replaceUsablePasses]);
  const holding = result.counts["holds-usable-pass"] + result.counts["holds-future-pass"];

  return (
    <section className={styles.stack} aria-label="Check results">
      <MessageBar intent={selection.targets.length > 0 ? "info" : "warning"}>
        <MessageBarBody>
          <MessageBarTitle>
            {numberFormat.format(selection.targets.length)} of {numberFormat.format(result.rows.length)} will get a pass
          </MessageBarTitle>
          {selection.skipped.length > 0
            ? `${numberFormat.format(selection.skipped.length)} will be skipped; the reasons are listed below.`
            : "Nobody is skipped."}
          {selection.replacing > 0 && ` ${numberFormat.format(selection.replacing)} existing passes will be replaced.`}
        </MessageBarBody>
      </MessageBar>

      {holding > 0 && (
        <Field
          label={
            holding === 1
              ? "1 user already holds a pass that works or starts later. What should happen to it?"
              : `${numberFormat.format(holding)} users already hold a pass that works or starts later. What should happen to them?`
          }
        >
          <RadioGroup
            value={replaceUsablePasses ? "replace" : "skip"}
            onChange={(_event, data) => onReplaceUsablePassesChange(data.value === "replace")}
          >
            <Radio value="skip" label={holding === 1 ? "Skip this user (default)" : "Skip them (default)"} />
            <Radio value="replace" label="Replace their pass — a new pass replaces the old one, which stops working at once" />
          </RadioGroup>
        </Field>
      )}

      {selected ? (
        <>
          <TabList
            className={styles.tabs}
            selectedValue={selected.verdict}
            onTabSelect={(_event, data) => setChosen(data.value as PreflightVerdict)}
            aria-label="Results by outcome"
          >
            {groups.map((group) => (
              <Tab key={group.verdict} value={group.verdict}>
                <span className={styles.tabLabel}>
                  {VERDICT_LABEL[group.verdict]}
                  <Badge appearance="tint" color={badgeColor(group.verdict)} size="small">
                    {numberFormat.format(group.rows.length)}
                  </Badge>
                </span>
              </Tab>
            ))}
          </TabList>
          <VerdictTable key={selected.verdict} verdict={selected.verdict} rows={selected.rows} />
        </>
      ) : (
        <Text>No users to check.</Text>
      )}
    </section>
  );
}

export interface PreflightPanelProps {
  candidates: readonly Candidate[];
  capability: IssuerCapability;
  meId: string | null;
  replaceUsablePasses: boolean;
  onReplaceUsablePassesChange: (replace: boolean) => void;
}

/** Runs the check and shows its progress, then the review. The app reads the result via usePreflight too. */
export function PreflightPanel({ candidates, capability, meId, ...review }: PreflightPanelProps) {
  const state = usePreflight(candidates, capability, meId);
  if (state.status === "checking") {
    return state.progress.total > 0 ? (
      <PreflightProgressView progress={state.progress} onCancel={state.cancel} />
    ) : (
      <Spinner label="Checking users…" />
    );
  }
  if (state.status === "cancelled") {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>Check cancelled</MessageBarTitle>
          No pass was created. <Button appearance="transparent" onClick={state.checkAgain}>Check again</Button>
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (state.status === "failed") {
    return (
      <MessageBar intent="error">
        <MessageBarBody>
          <MessageBarTitle>The users couldn't be checked</MessageBarTitle>
          {describeError(state.error)} <Button appearance="transparent" onClick={state.checkAgain}>Check again</Button>
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (!state.result) return <Text>Add users to check.</Text>;
  return <PreflightReview result={state.result} {...review} />;
}
