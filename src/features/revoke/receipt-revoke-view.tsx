import { useEffect, useMemo, useState } from "react";
import {
  Badge,
  Button,
  Checkbox,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import { DeleteRegular } from "@fluentui/react-icons";
import { passesWord, RemovePassesDialog } from "../../components/remove-passes-dialog";
import { formatUtc } from "../../domain/format-time";
import { useGraphClient } from "../../lib/graph/graph-client-context";
import { checkCurrentPasses, type CurrentState } from "./current-check";
import { receiptPasses, type ReceiptPass, type ReceiptPassRow } from "./receipt-targets";
import { RevokeProgress, useRevokeRun } from "./revoke-progress";
import { startRevokeRun } from "./revoke-run";
import type { RevokeOutcome, RevokeRun, RevokeSnapshot } from "./revoke-types";
import { REVOKE_OUTCOME_LABEL } from "./revoke-words";

const useStyles = makeStyles({
  box: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  bar: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalM },
  tableWrap: { overflowX: "auto" },
  table: { minWidth: "34rem" },
  pick: { width: "2.75rem" },
  line: { width: "3.5rem" },
  until: { width: "10.5rem" },
  wrap: { overflowWrap: "anywhere" },
  secondary: { color: tokens.colorNeutralForeground3 },
  details: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: "break-all" },
});

const STATE_LABEL: Record<CurrentState["kind"], string> = {
  current: "Still current",
  gone: "Already replaced or removed",
  unknown: "Couldn't be checked",
};
const STATE_COLOR = { current: "brand", gone: "informative", unknown: "warning" } as const;
const OUTCOME_COLOR = { removed: "success", replaced: "informative", failed: "danger" } as const;

/** Graph's own code, message and request id, beside our words. */
function GraphWords({ answer }: { answer: { code?: string; graphMessage?: string; requestId?: string | null } }) {
  const styles = useStyles();
  if (!answer.code && !answer.requestId) return null;
  return (
    <div className={styles.details}>
      {[answer.code, answer.graphMessage, answer.requestId ? `request id ${answer.requestId}` : null].filter(Boolean).join(" · ")}
    </div>
  );
}

/**
 * The passes a receipt says were issued, with whether each is still its user's current pass, and
 * their removal (all still-current ones, or those selected). The state shown is a read-only check;
 * the removal checks each pass again right before deleting it, so a pass replaced meanwhile is kept.
 */
export function ReceiptRevokeView({
  rows,
  onBusyChange,
}: {
  rows: readonly ReceiptPassRow[];
  /** True while a removal is being confirmed or sent: the caller keeps this view mounted until it ends. */
  onBusyChange?: (busy: boolean) => void;
}) {
  const styles = useStyles();
  const client = useGraphClient();
  const { passes, missingIds } = useMemo(() => receiptPasses(rows), [rows]);
  const [states, setStates] = useState<ReadonlyMap<string, CurrentState> | null>(null);
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const [confirming, setConfirming] = useState<readonly ReceiptPass[] | null>(null);
  const [run, setRun] = useState<RevokeRun | null>(null);
  const [progressShown, setProgressShown] = useState(false);

  useEffect(() => {
    let live = true;
    void checkCurrentPasses(client, passes).then((checked) => {
      if (!live) return;
      setStates(checked);
      // Everything still current starts selected; the admin unticks what should stay.
      setPicked(new Set(passes.filter((pass) => checked.get(pass.key)?.kind === "current").map((pass) => pass.key)));
    });
    return () => {
      live = false;
    };
  }, [client, passes]);

  const [running, setRunning] = useState(false);
  // Busy while asking and while removing: the caller keeps the view (and its outcomes) open meanwhile.
  const busy = running || confirming !== null;
  useEffect(() => onBusyChange?.(busy), [busy, onBusyChange]);

  const start = (targets: readonly ReceiptPass[]) => {
    const next = startRevokeRun(client, targets);
    setRun(next);
    setRunning(true);
    setConfirming(null);
    setProgressShown(true);
    void next.finished.then(() => setRunning(false));
  };

  if (passes.length === 0) {
    return (
      <MessageBar intent="info">
        <MessageBarBody>
          This receipt holds no issued pass, so there is nothing to remove.
          {missingIds > 0 ? ` ${passesWord(missingIds)} issued without ids in the file can't be removed from here.` : ""}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (states === null) return <Spinner label={`Checking which of the receipt's ${passesWord(passes.length)} are still current…`} />;

  const removable = passes.filter((pass) => states.get(pass.key)?.kind !== "gone");
  const current = passes.filter((pass) => states.get(pass.key)?.kind === "current");
  const selected = removable.filter((pass) => picked.has(pass.key));
  const counts = { current: current.length, gone: 0, unknown: 0 };
  for (const pass of passes) {
    const kind = states.get(pass.key)?.kind;
    if (kind === "gone" || kind === "unknown") counts[kind] += 1;
  }
  const allPicked = removable.length > 0 && selected.length === removable.length;

  return (
    <div className={styles.box}>
      <Text role="status">
        {run ? "When opened: " : ""}
        {passesWord(passes.length)} issued: {counts.current.toLocaleString()} still current, {counts.gone.toLocaleString()} already replaced
        or removed
        {counts.unknown > 0 ? `, ${counts.unknown.toLocaleString()} couldn't be checked` : ""}.
        {missingIds > 0 ? ` ${passesWord(missingIds)} issued without ids in the file can't be removed from here.` : ""}
      </Text>
      {run && progressShown && <RevokeProgress run={run} onDismiss={() => setProgressShown(false)} />}
      {removable.length > 0 && (
        // Stays in place during and after the removal (its buttons disabled but focusable): the confirm
        // dialog hands focus back to the button that opened it, inside this drawer.
        <div role="group" aria-label="Remove passes" className={styles.bar}>
          <Button
            appearance="primary"
            icon={<DeleteRegular />}
            disabledFocusable={run !== null || current.length === 0}
            onClick={() => setConfirming(current)}
          >
            Remove all still current ({current.length.toLocaleString()})
          </Button>
          <Checkbox
            label={`Select all (${removable.length.toLocaleString()})`}
            disabled={run !== null}
            checked={allPicked ? true : selected.length > 0 ? "mixed" : false}
            onChange={(_, data) => setPicked(data.checked === true ? new Set(removable.map((pass) => pass.key)) : new Set())}
          />
          <Button
            icon={<DeleteRegular />}
            disabledFocusable={run !== null || selected.length === 0}
            onClick={() => setConfirming(selected)}
          >
            Remove selected ({selected.length.toLocaleString()})
          </Button>
          {run !== null && <Text size={200}>To check this receipt again, open it again.</Text>}
        </div>
      )}
      <ReceiptPassTable
        passes={passes}
        states={states}
        run={run}
        picked={run ? null : picked}
        onPick={(key, on) =>
          setPicked((before) => {
            const next = new Set(before);
            if (on) next.add(key);
            else next.delete(key);
            return next;
          })
        }
      />
      <RemovePassesDialog
        count={confirming?.length ?? 0}
        open={confirming !== null}
        onConfirm={() => confirming && start(confirming)}
        onCancel={() => setConfirming(null)}
      />
    </div>
  );
}

function ReceiptPassTable(props: {
  passes: readonly ReceiptPass[];
  states: ReadonlyMap<string, CurrentState>;
  run: RevokeRun | null;
  picked: ReadonlySet<string> | null;
  onPick: (key: string, on: boolean) => void;
}) {
  const outcomes = useOutcomes(props.run);
  const styles = useStyles();
  return (
    <div className={styles.tableWrap}>
      <Table className={styles.table} aria-label="Passes in the receipt" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.pick}>
              <span className="visually-hidden">Select</span>
            </TableHeaderCell>
            <TableHeaderCell className={styles.line}>Line</TableHeaderCell>
            <TableHeaderCell>User</TableHeaderCell>
            <TableHeaderCell className={styles.until}>Valid until</TableHeaderCell>
            <TableHeaderCell>Now</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.passes.map((pass) => {
            const state = props.states.get(pass.key) ?? { kind: "unknown", reason: "Couldn't be checked." };
            const outcome = outcomes.get(pass.key);
            return (
              <TableRow key={pass.key} data-receipt-row={pass.key}>
                <TableCell>
                  {props.picked && state.kind !== "gone" && (
                    <Checkbox
                      aria-label={`Select ${pass.label} to remove the pass`}
                      checked={props.picked.has(pass.key)}
                      onChange={(_, data) => props.onPick(pass.key, data.checked === true)}
                    />
                  )}
                </TableCell>
                <TableCell>{pass.line ?? "–"}</TableCell>
                <TableCell className={styles.wrap}>{pass.label}</TableCell>
                <TableCell>{pass.validUntil ? formatUtc(pass.validUntil) : "–"}</TableCell>
                <TableCell>{outcome ? <OutcomeCell outcome={outcome} /> : <StateCell state={state} />}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

function StateCell({ state }: { state: CurrentState }) {
  const styles = useStyles();
  return (
    <div>
      <Badge appearance="tint" color={STATE_COLOR[state.kind]}>
        {STATE_LABEL[state.kind]}
      </Badge>
      {state.kind !== "current" && <div className={styles.secondary}>{state.reason}</div>}
      {state.kind === "unknown" && <GraphWords answer={state} />}
    </div>
  );
}

function OutcomeCell({ outcome }: { outcome: RevokeOutcome }) {
  const styles = useStyles();
  return (
    <div>
      <Badge appearance="filled" color={OUTCOME_COLOR[outcome.kind]}>
        {REVOKE_OUTCOME_LABEL[outcome.kind]}
      </Badge>
      {outcome.kind !== "removed" && <div className={styles.secondary}>{outcome.reason}</div>}
      {outcome.kind === "removed" && outcome.note && <div className={styles.secondary}>{outcome.note}</div>}
      {outcome.kind === "failed" && <GraphWords answer={outcome} />}
    </div>
  );
}

// useSyncExternalStore needs the same snapshot object on every read.
const NO_SNAPSHOT: RevokeSnapshot = {
  status: "completed",
  rows: [],
  counts: { total: 0, done: 0, removed: 0, replaced: 0, failed: 0 },
  stopReason: null,
  waitingUntil: null,
};
const NO_RUN: RevokeRun = {
  getSnapshot: () => NO_SNAPSHOT,
  subscribe: () => () => undefined,
  cancel: () => undefined,
  finished: new Promise(() => undefined),
};

function useOutcomes(run: RevokeRun | null): ReadonlyMap<string, RevokeOutcome> {
  const snapshot = useRevokeRun(run ?? NO_RUN);
  return useMemo(() => new Map(snapshot.rows.flatMap((row) => (row.outcome ? [[row.key, row.outcome] as const] : []))), [snapshot]);
}
