import { useEffect, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import {
  Button,
  Card,
  CardHeader,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ArrowLeftRegular, KeyRegular } from "@fluentui/react-icons";
import { useGraphClient } from "../lib/graph/graph-client-context";
import type { DirectoryUser } from "../lib/graph/types";
import { passVault } from "../lib/tap/pass-vault";
import type { Candidate, PassSettings, ResultRow } from "../lib/tap/run-types";
import { CsvImportPanel } from "../features/csv-import/csv-import-panel";
import { startIssuanceRun } from "../features/issuance/issuance-run";
import type { IssuanceRun, IssuanceSnapshot } from "../features/issuance/issuance-types";
import { useIssuanceRun } from "../features/issuance/use-issuance-run";
import { issuingBlockedReason, usePassPolicy } from "../features/pass-settings/pass-policy";
import { initialPassSettings, settingsIssues } from "../features/pass-settings/pass-settings-logic";
import { selectTargets } from "../features/preflight/select-targets";
import { usePreflight } from "../features/preflight/use-preflight";
import { capabilityQuery, meQuery } from "../features/session/session-queries";
import { toCandidates } from "../features/user-search/search-results";
import { UserPicker } from "../features/user-search/user-picker";
import { useVaultVersion } from "../features/results/use-vault";
import { useNow } from "../lib/use-now";
import { IssuanceProgress, PassCard, PassSettingsForm, PreflightProgressView, PreflightReview, ResultsView } from "./flow-screens";
import { CurrentPassNote } from "./current-pass-note";
import { planRun, sortResultRows, type RowLabel } from "./run-plan";
import { forgetRunJournal, useRunJournalRecorder } from "./run-journal-recorder";
import { useRuntimeSettings } from "./runtime-settings";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  sources: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(360px, 1fr))",
    gap: tokens.spacingHorizontalXL,
    alignItems: "start",
  },
  card: { padding: tokens.spacingVerticalL },
  heading: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
});

type Source = { kind: "csv"; fileName: string } | { kind: "search" };

interface Review {
  source: Source;
  candidates: Candidate[];
  /** Rows refused before preflight (invalid or duplicate CSV rows). */
  earlySkipped: ResultRow[];
}

interface Running {
  review: Review;
  run: IssuanceRun;
  /** Outcomes decided before the run (import, preflight, per-row policy checks). */
  decided: ResultRow[];
  labels: Map<string, RowLabel>;
  /** Outcomes from earlier rounds when retrying failures. */
  previous: ResultRow[] | null;
}

type Stage =
  | { name: "pick" }
  | { name: "review"; review: Review }
  | { name: "running"; running: Running }
  | { name: "results"; running: Running; rows: ResultRow[] };

/** The one path every pass takes: pick users → check → settings → issue → results. */
export function IssueFlow() {
  const [stage, setStage] = useState<Stage>({ name: "pick" });
  const reset = () => setStage({ name: "pick" });

  switch (stage.name) {
    case "pick":
      return <PickStep onReview={(review) => setStage({ name: "review", review })} />;
    case "review":
      return (
        <ReviewStep
          review={stage.review}
          onBack={reset}
          onStart={(running) => setStage({ name: "running", running })}
        />
      );
    case "running":
      return (
        <RunningStep
          running={stage.running}
          onFinished={(rows) => setStage({ name: "results", running: stage.running, rows })}
        />
      );
    case "results":
      return (
        <ResultsStep
          running={stage.running}
          rows={stage.rows}
          onDone={() => {
            passVault.clear();
            forgetRunJournal();
            reset();
          }}
          onRetry={(running) => setStage({ name: "running", running })}
        />
      );
  }
}

function PickStep({ onReview }: { onReview: (review: Review) => void }) {
  const styles = useStyles();
  const [selected, setSelected] = useState<DirectoryUser[]>([]);
  return (
    <div className={styles.sources}>
      <Card className={styles.card}>
        <CardHeader header={<Text as="h2" size={500} weight="semibold">Search the directory</Text>} description="For one person or a few, e.g. a new hire starting today." />
        <UserPicker selected={selected} onChange={setSelected} />
        <div className={styles.actions}>
          <Button
            appearance="primary"
            disabled={selected.length === 0}
            onClick={() => onReview({ source: { kind: "search" }, candidates: toCandidates(selected), earlySkipped: [] })}
          >
            {selected.length <= 1 ? "Continue" : `Continue with ${selected.length} people`}
          </Button>
        </div>
      </Card>
      <Card className={styles.card}>
        <CardHeader header={<Text as="h2" size={500} weight="semibold">Upload a CSV</Text>} description="For onboarding many users at once." />
        <CsvImportPanel
          onContinue={(candidates, earlySkipped, fileName) => onReview({ source: { kind: "csv", fileName }, candidates, earlySkipped })}
        />
      </Card>
    </div>
  );
}

function ReviewStep({ review, onBack, onStart }: { review: Review; onBack: () => void; onStart: (running: Running) => void }) {
  const styles = useStyles();
  const client = useGraphClient();
  const capability = useQuery(capabilityQuery(client));
  const me = useQuery(meQuery(client));
  const policy = usePassPolicy();
  const [settings, setSettings] = useState<PassSettings | null>(null);
  const now = useNow(30_000);
  // Roles that can't be read leave the decision to Graph: check as if the admin may issue to all.
  const ready = !capability.isPending && !me.isPending;
  const preflight = usePreflight(ready ? review.candidates : NO_CANDIDATES, capability.data?.capability ?? "all", me.data?.id ?? null);

  const effectiveSettings = settings ?? (policy.data ? initialPassSettings(policy.data) : null);
  const selection = useMemo(
    () => (preflight.result && effectiveSettings ? selectTargets(preflight.result, effectiveSettings) : null),
    [preflight.result, effectiveSettings],
  );
  const blocked = policy.data ? issuingBlockedReason(policy.data) : null;
  const settingErrors =
    policy.data && effectiveSettings ? settingsIssues(policy.data, effectiveSettings, now).filter((issue) => issue.severity === "error") : [];

  const start = () => {
    if (!preflight.result || !policy.data || !effectiveSettings || !selection) return;
    const plan = planRun(review.candidates, selection, policy.data, effectiveSettings, Date.now());
    const run = startIssuanceRun(client, plan.targets);
    onStart({ review, run, decided: [...review.earlySkipped, ...plan.skipped], labels: plan.labels, previous: null });
  };

  const title = review.source.kind === "csv" ? `Check ${review.source.fileName}` : "Check and issue";
  return (
    <div className={styles.stack}>
      <div className={styles.heading}>
        <Button icon={<ArrowLeftRegular />} appearance="subtle" onClick={onBack}>
          Back
        </Button>
        <Text as="h2" size={600} weight="semibold">
          {title}
        </Text>
      </div>

      {!ready || preflight.status === "idle" ? (
        <Spinner label="Checking your roles…" />
      ) : preflight.status === "checking" ? (
        <PreflightProgressView progress={preflight.progress} onCancel={preflight.cancel} />
      ) : preflight.status === "done" && preflight.result && effectiveSettings ? (
        <>
          {review.source.kind === "search" && preflight.result.rows.length === 1 && preflight.result.rows[0] && (
            <CurrentPassNote row={preflight.result.rows[0]} />
          )}
          <PreflightReview
            result={preflight.result}
            replaceUsablePasses={effectiveSettings.replaceUsablePasses}
            onReplaceUsablePassesChange={(replace) => setSettings({ ...effectiveSettings, replaceUsablePasses: replace })}
          />
        </>
      ) : preflight.status === "failed" || preflight.status === "cancelled" ? (
        <MessageBar intent={preflight.status === "failed" ? "error" : "warning"}>
          <MessageBarBody>
            <MessageBarTitle>{preflight.status === "failed" ? "The users couldn't be checked" : "Check cancelled"}</MessageBarTitle>
            No pass was created.{" "}
            <Button appearance="transparent" onClick={preflight.checkAgain}>
              Check again
            </Button>
          </MessageBarBody>
        </MessageBar>
      ) : (
        <Spinner label="Reading the tenant's pass policy…" />
      )}

      {policy.data && effectiveSettings && (
        <Card className={styles.card}>
          <CardHeader header={<Text as="h3" size={400} weight="semibold">Pass settings</Text>} />
          <PassSettingsForm policy={policy.data} value={effectiveSettings} onChange={setSettings} />
        </Card>
      )}

      {blocked && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Passes can't be issued</MessageBarTitle>
            {blocked}
          </MessageBarBody>
        </MessageBar>
      )}

      <div className={styles.actions}>
        <Button
          appearance="primary"
          size="large"
          icon={<KeyRegular />}
          disabled={!selection || selection.targets.length === 0 || blocked !== null || settingErrors.length > 0}
          onClick={start}
        >
          {selection ? `Issue ${selection.targets.length === 1 ? "1 pass" : `${selection.targets.length} passes`}` : "Issue passes"}
        </Button>
        <Button onClick={onBack}>Cancel</Button>
      </div>
    </div>
  );
}

const NO_CANDIDATES: Candidate[] = [];

function outcomesOf(running: Running, snapshot: IssuanceSnapshot): ResultRow[] {
  const fromRun: ResultRow[] = snapshot.rows.map((row) => {
    const label = running.labels.get(row.rowId);
    return {
      rowId: row.rowId,
      line: label?.line ?? null,
      identifier: label?.identifier ?? row.displayLabel,
      displayName: label?.displayName ?? row.displayLabel,
      userPrincipalName: label?.userPrincipalName ?? null,
      outcome: row.outcome ?? { kind: "failed", reason: "The run ended before this row was sent." },
    };
  });
  const rerun = new Set(fromRun.map((row) => row.rowId));
  const earlier = running.previous ? running.previous.filter((row) => !rerun.has(row.rowId)) : running.decided;
  return sortResultRows([...earlier, ...fromRun]);
}

function RunningStep({ running, onFinished }: { running: Running; onFinished: (rows: ResultRow[]) => void }) {
  const snapshot = useIssuanceRun(running.run);
  useRunJournalRecorder(running.run, running.previous ?? running.decided, running.labels);
  useEffect(() => {
    let live = true;
    void running.run.finished.then((final) => {
      if (live) onFinished(outcomesOf(running, final));
    });
    return () => {
      live = false;
    };
  }, [running, onFinished]);
  if (!snapshot) return <Spinner label="Starting…" />;
  return <IssuanceProgress run={running.run} snapshot={snapshot} />;
}

function ResultsStep(props: { running: Running; rows: ResultRow[]; onDone: () => void; onRetry: (running: Running) => void }) {
  const { running, rows } = props;
  const failed = rows.some((row) => row.outcome.kind === "failed");
  const issued = rows.filter((row) => row.outcome.kind === "issued");
  const single = running.review.source.kind === "search" && rows.length === 1 && issued.length === 1 ? issued[0] : undefined;
  const { idleClearMs } = useRuntimeSettings();
  // Re-render when the vault changes, so an idle-cleared one-off card gives way to the cleared results.
  useVaultVersion(passVault);
  const pass = single ? passVault.get(single.rowId) : undefined;

  if (pass) return <PassCard pass={pass} onDone={props.onDone} idleClear={{ vault: passVault, afterMs: idleClearMs }} />;
  return (
    <ResultsView
      rows={rows}
      vault={passVault}
      idleClearAfterMs={idleClearMs}
      onDone={props.onDone}
      onRetryFailed={
        failed
          ? () => props.onRetry({ ...running, run: running.run.retryFailed(), previous: rows })
          : undefined
      }
    />
  );
}
