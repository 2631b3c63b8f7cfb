import { useMemo, useRef, useState } from "react";
import {
  Badge,
  Button,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Radio,
  RadioGroup,
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
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { useNarrowScreen } from "../../components/use-narrow-screen";
import { DeleteRegular } from "@fluentui/react-icons";
import { RemovePassesDialog } from "../../components/remove-passes-dialog";
import { Upn } from "../../components/upn";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { ResultRow } from "../../lib/tap/run-types";
import type { PreflightProgress, PreflightResult, PreflightRow, PreflightVerdict } from "./preflight-types";
import { selectTargets } from "./select-targets";
import { DISABLED_ACCOUNT_NOTE } from "../../domain/disabled-account";
import { ISSUABLE_VERDICTS, REPLACEABLE_VERDICTS, VERDICT_LABEL, VERDICT_ORDER } from "./verdicts";

/** Groups larger than this are virtualised; smaller ones render plainly (and print whole). */
const VIRTUALIZE_ABOVE = 200;
/**
 * Virtual rows have one fixed height (no per-row measuring, which is what keeps thousands cheap);
 * long details are clamped to two lines visually but stay whole for screen readers.
 */
const ROW_HEIGHT = 52;
/** At phone width a row wraps: line, name and UPN, then what happens below them. */
const NARROW_ROW_HEIGHT = 132;
const NARROW = "@media (max-width: 640px)";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  progressRow: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
  progressBar: { flexGrow: 1 },
  tabs: { flexWrap: "wrap" },
  tabLabel: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  body: { maxHeight: "480px", overflowY: "auto" },
  spacer: { position: "relative", width: "100%" },
  virtualRow: { position: "absolute", top: 0, left: 0, width: "100%", overflow: "hidden" },
  row: { [NARROW]: { flexWrap: "wrap", alignItems: "flex-start", paddingBlock: tokens.spacingVerticalXS } },
  clamp: { display: "-webkit-box", WebkitLineClamp: 2, WebkitBoxOrient: "vertical", overflow: "hidden" },
  line: { flexGrow: 0, flexShrink: 0, flexBasis: "72px", [NARROW]: { flexBasis: "48px" } },
  name: { flexGrow: 2, flexBasis: 0, minWidth: 0 },
  upn: { flexGrow: 3, flexBasis: 0, minWidth: 0 },
  mark: { fontWeight: tokens.fontWeightSemibold, marginInlineEnd: tokens.spacingHorizontalXS },
  detail: {
    flexGrow: 5,
    flexBasis: 0,
    minWidth: 0,
    paddingBlock: tokens.spacingVerticalXS,
    // Under the line, name and UPN, indented past the line number.
    [NARROW]: { flexBasis: "100%", paddingInlineStart: "48px" },
  },
  detailStack: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  start: { color: tokens.colorNeutralForeground2 },
  startWarning: { color: tokens.colorPaletteDarkOrangeForeground1 },
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

/** One row as the check shows it, whichever group it is in. */
interface ShownRow {
  key: string;
  line: number | null;
  name: string;
  upn: string;
  detail: string;
  /** When passes start on each person's start date: this row's start and what to know about it. */
  start?: RowStartView;
  /** Sent although the account is disabled: marked beside the detail. */
  disabledSent?: boolean;
}

/** One row's start as the app planned it (first-day starts). */
export interface RowStartView {
  text: string;
  notes: string[];
  warnings: string[];
}

function fromPreflight(row: PreflightRow, detail = row.detail, extra: { start?: RowStartView; disabledSent?: boolean } = {}): ShownRow {
  return {
    key: row.candidate.rowId,
    line: row.candidate.line,
    name: row.user?.displayName ?? "—",
    upn: row.user?.userPrincipalName ?? row.candidate.identifier,
    detail,
    ...(extra.start ? { start: extra.start } : {}),
    ...(extra.disabledSent ? { disabledSent: true } : {}),
  };
}

/** What the check says of a disabled account the admin chose to issue for. */
function disabledSentDetail(row: PreflightRow): string {
  return row.ifEnabled === "holds-usable-pass" || row.ifEnabled === "holds-future-pass"
    ? "Will get a pass that replaces the one they hold."
    : "Will get a pass.";
}

function fromFile(row: ResultRow): ShownRow {
  return {
    key: row.rowId,
    line: row.line,
    name: row.displayName ?? "—",
    upn: row.userPrincipalName ?? row.identifier,
    detail: row.outcome.kind === "issued" ? "" : row.outcome.reason,
  };
}

/** `clamp`: virtual rows have one fixed height, so long details are cut to two lines (whole for screen readers). */
function RowCells({ row, clamp }: { row: ShownRow; clamp: boolean }) {
  const styles = useStyles();
  return (
    <>
      <TableCell className={styles.line}>{row.line ?? "Search"}</TableCell>
      <TableCell className={styles.name}>{row.name}</TableCell>
      <TableCell className={styles.upn}>
        <Upn value={row.upn} />
      </TableCell>
      <TableCell className={styles.detail}>
        <div className={styles.detailStack}>
          <span className={clamp ? styles.clamp : undefined} title={clamp ? row.detail : undefined}>
            {row.disabledSent && <span className={styles.mark}>{DISABLED_ACCOUNT_NOTE}.</span>}
            {row.detail}
          </span>
          {row.start && (
            <>
              <span className={styles.start} data-testid="row-start">
                {row.start.text}
              </span>
              {[...row.start.notes, ...row.start.warnings].map((text) => (
                <span key={text} className={styles.startWarning}>
                  {text}
                </span>
              ))}
            </>
          )}
        </div>
      </TableCell>
    </>
  );
}

/** One group's rows; thousands stay fast because only the visible ones are in the DOM. */
function GroupTable({ label, rows, rowHeight }: { label: string; rows: readonly ShownRow[]; rowHeight: number }) {
  const styles = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualize = rows.length > VIRTUALIZE_ABOVE;
  // We use no React Compiler memoisation here; the virtualizer is meant to be read during render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtualize ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });

  return (
    <Table noNativeElements size="small" aria-label={`${label}: ${rows.length} users`} aria-rowcount={rows.length + 1}>
      <TableHeader>
        <TableRow aria-rowindex={1} className={styles.row}>
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
                  key={row.key}
                  data-index={item.index}
                  aria-rowindex={item.index + 2}
                  className={mergeClasses(styles.row, styles.virtualRow)}
                  style={{ height: `${rowHeight}px`, transform: `translateY(${item.start}px)` }}
                >
                  <RowCells row={row} clamp />
                </TableRow>
              );
            })}
          </div>
        ) : (
          rows.map((row, index) => (
            <TableRow key={row.key} aria-rowindex={index + 2} className={styles.row}>
              <RowCells row={row} clamp={false} />
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}

/** What the run will do, decided by the app (which also judges each row's own settings). */
export interface ReviewPlanView {
  counts: { total: number; willIssue: number; skipped: number; refusedInFile: number; replacing: number };
  /** Rows the check found ready whose own settings can't be used, with the reason. */
  settingsRefused: ReadonlyMap<string, string>;
  /** Rows refused while reading the file. */
  refusedInFile: readonly ResultRow[];
  /** Each issued row's start, when passes start on each person's start date. */
  starts?: ReadonlyMap<string, RowStartView>;
  /** Rows the check found ready that get no pass because of their start date, with the reason. */
  startRefused?: ReadonlyMap<string, string>;
  /** Sentences for the headline about first-day starts (no date, passed, far ahead, short lifetime). */
  startSummary?: readonly string[];
  /** Disabled accounts that get a pass (the admin opted in); absent = none. */
  disabledSent?: ReadonlySet<string>;
}

type GroupKey = PreflightVerdict | "settings-refused" | "start-refused" | "file-refused";

const SETTINGS_REFUSED_LABEL = "Settings not allowed";
const FILE_REFUSED_LABEL = "Refused in the file";
const START_REFUSED_LABEL = "No usable start date";

function groupLabel(key: GroupKey): string {
  if (key === "settings-refused") return SETTINGS_REFUSED_LABEL;
  if (key === "start-refused") return START_REFUSED_LABEL;
  if (key === "file-refused") return FILE_REFUSED_LABEL;
  return VERDICT_LABEL[key];
}

function groupColor(key: GroupKey): "success" | "informative" | "warning" | "danger" {
  return key === "settings-refused" || key === "file-refused" || key === "start-refused" ? "warning" : badgeColor(key);
}

/** "3 will be skipped and 2 were refused in the file; the reasons are listed below." */
export function skippedSentence(skipped: number, refusedInFile: number): string {
  const parts: string[] = [];
  if (skipped > 0) parts.push(`${numberFormat.format(skipped)} will be skipped`);
  if (refusedInFile > 0) parts.push(`${numberFormat.format(refusedInFile)} ${refusedInFile === 1 ? "was" : "were"} refused in the file`);
  return parts.length === 0 ? "Nobody is skipped." : `${parts.join(" and ")}; the reasons are listed below.`;
}

/** Without a plan from the app (a bare check), the verdicts alone decide. */
function planFromVerdicts(result: PreflightResult, replaceUsablePasses: boolean, issueForDisabledAccounts: boolean): ReviewPlanView {
  const selection = selectTargets(result, { replaceUsablePasses, issueForDisabledAccounts });
  return {
    counts: {
      total: result.rows.length,
      willIssue: selection.targets.length,
      skipped: selection.skipped.length,
      refusedInFile: 0,
      replacing: selection.replacing,
    },
    settingsRefused: new Map(),
    refusedInFile: [],
    disabledSent: new Set(selection.targets.filter((row) => row.verdict === "disabled").map((row) => row.candidate.rowId)),
  };
}

export interface PreflightReviewProps {
  result: PreflightResult;
  /** The admin's choice for users who already hold a working or future pass. */
  replaceUsablePasses: boolean;
  onReplaceUsablePassesChange: (replace: boolean) => void;
  /** The admin's choice for disabled (pre-staged) accounts; off by default. */
  issueForDisabledAccounts?: boolean;
  onIssueForDisabledAccountsChange?: (issue: boolean) => void;
  /** The run's plan; its counts are the ones the Issue button and the results show. */
  plan?: ReviewPlanView;
  /** Removes the current passes of these users without issuing new ones (asked first); absent while one runs. */
  onRemoveCurrentPasses?: (rows: PreflightRow[]) => void;
}

/** The check's outcome grouped by verdict, with the one decision preflight asks of the admin. */
export function PreflightReview({
  result,
  replaceUsablePasses,
  onReplaceUsablePassesChange,
  issueForDisabledAccounts = false,
  onIssueForDisabledAccountsChange,
  plan: given,
  onRemoveCurrentPasses,
}: PreflightReviewProps) {
  const styles = useStyles();
  const plan = useMemo(
    () => given ?? planFromVerdicts(result, replaceUsablePasses, issueForDisabledAccounts),
    [given, result, replaceUsablePasses, issueForDisabledAccounts],
  );
  const groups = useMemo(() => {
    const byKey = new Map<GroupKey, ShownRow[]>();
    const add = (key: GroupKey, row: ShownRow) => {
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    };
    for (const row of result.rows) {
      const refused = plan.settingsRefused.get(row.candidate.rowId);
      const noStart = plan.startRefused?.get(row.candidate.rowId);
      const start = plan.starts?.get(row.candidate.rowId);
      if (noStart !== undefined) add("start-refused", fromPreflight(row, noStart));
      else if (refused !== undefined) add("settings-refused", fromPreflight(row, refused));
      else if (plan.disabledSent?.has(row.candidate.rowId))
        add(row.verdict, fromPreflight(row, disabledSentDetail(row), { start, disabledSent: true }));
      else add(row.verdict, fromPreflight(row, row.detail, { start }));
    }
    for (const row of plan.refusedInFile) add("file-refused", fromFile(row));
    const order: GroupKey[] = [
      ...VERDICT_ORDER.slice(0, 2),
      "start-refused",
      "settings-refused",
      ...VERDICT_ORDER.slice(2),
      "file-refused",
    ];
    return order.filter((key) => byKey.has(key)).map((key) => ({ key, label: groupLabel(key), rows: byKey.get(key) ?? [] }));
  }, [result, plan]);
  const [chosen, setChosen] = useState<GroupKey | null>(null);
  const selected = groups.find((group) => group.key === chosen) ?? groups[0];
  const { counts } = plan;
  const holding = result.counts["holds-usable-pass"] + result.counts["holds-future-pass"];
  // Users whose current pass works or starts later, with what is needed to remove it.
  const removable = result.rows.filter(
    (row) => (row.verdict === "holds-usable-pass" || row.verdict === "holds-future-pass") && row.existingPass && row.user,
  );
  const disabledCount = result.counts.disabled;
  const rowHeight = useNarrowScreen() ? NARROW_ROW_HEIGHT : ROW_HEIGHT;
  const disabledSentCount = plan.disabledSent?.size ?? 0;
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const removeButton = useRef<HTMLButtonElement>(null);

  return (
    <section className={styles.stack} aria-label="Check results">
      <MessageBar intent={counts.willIssue > 0 ? "info" : "warning"}>
        <MessageBarBody>
          <MessageBarTitle>
            {numberFormat.format(counts.willIssue)} of {numberFormat.format(counts.total)} will get a pass
          </MessageBarTitle>
          {skippedSentence(counts.skipped, counts.refusedInFile)}
          {counts.replacing > 0 && ` ${numberFormat.format(counts.replacing)} existing passes will be replaced.`}
          {disabledSentCount > 0 &&
            ` ${disabledSentCount === 1 ? "1 of them is a disabled account" : `${numberFormat.format(disabledSentCount)} of them are disabled accounts`}: the pass works once the account is enabled.`}
        </MessageBarBody>
      </MessageBar>

      {plan.startSummary && plan.startSummary.length > 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="start-summary">
          <MessageBarBody>
            <MessageBarTitle>Start dates</MessageBarTitle>
            {plan.startSummary.join(" ")}
          </MessageBarBody>
        </MessageBar>
      )}

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
      {onIssueForDisabledAccountsChange && disabledCount > 0 && (
        <Checkbox
          checked={issueForDisabledAccounts}
          onChange={(_event, data) => onIssueForDisabledAccountsChange(data.checked === true)}
          label={`Also issue for disabled accounts (they can sign in once enabled) — ${
            disabledCount === 1 ? "1 disabled account" : `${numberFormat.format(disabledCount)} disabled accounts`
          }`}
        />
      )}
      {onRemoveCurrentPasses && removable.length > 0 && (
        <div>
          <Button ref={removeButton} icon={<DeleteRegular />} onClick={() => setConfirmingRemove(true)}>
            {removable.length === 1
              ? "Remove this pass without issuing a new one"
              : `Remove these ${numberFormat.format(removable.length)} passes without issuing new ones`}
          </Button>
          <RemovePassesDialog
            count={removable.length}
            open={confirmingRemove}
            onCancel={() => setConfirmingRemove(false)}
            onConfirm={() => {
              removeButton.current?.focus();
              setConfirmingRemove(false);
              onRemoveCurrentPasses(removable);
            }}
          />
        </div>
      )}

      {selected ? (
        <>
          <TabList
            className={styles.tabs}
            selectedValue={selected.key}
            onTabSelect={(_event, data) => setChosen(data.value as GroupKey)}
            aria-label="Results by outcome"
          >
            {groups.map((group) => (
              <Tab key={group.key} value={group.key}>
                <span className={styles.tabLabel}>
                  {group.label}
                  <Badge appearance="tint" color={groupColor(group.key)} size="small">
                    {numberFormat.format(group.rows.length)}
                  </Badge>
                </span>
              </Tab>
            ))}
          </TabList>
          {/* Remounted when the width class changes: virtual rows have one fixed height per width. */}
          <GroupTable key={`${selected.key}-${rowHeight}`} label={selected.label} rows={selected.rows} rowHeight={rowHeight} />
        </>
      ) : (
        <Text>No users to check.</Text>
      )}
    </section>
  );
}
