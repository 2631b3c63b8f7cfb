import {
  Badge,
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Text,
  tokens,
} from "@fluentui/react-components";
import { DismissRegular, PauseRegular, PlayRegular } from "@fluentui/react-icons";
import { useNow } from "../../lib/use-now";
import type { IssuanceRun, IssuanceSnapshot } from "./issuance-types";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  counts: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
  figures: { color: tokens.colorNeutralForeground2 },
});

const number = new Intl.NumberFormat();

function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "estimating…";
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  const minutes = Math.floor(seconds / 60);
  return `about ${minutes} min ${Math.round(seconds % 60)} s left`;
}

/** Live progress of a run: a bar, counts per outcome, pace, ETA, and pause / resume / cancel. */
export function IssuanceProgress({ run, snapshot }: { run: IssuanceRun; snapshot: IssuanceSnapshot }) {
  const styles = useStyles();
  const { counts, status, throttle } = snapshot;
  const now = useNow(500);
  const done = counts.issued + counts.failed + counts.skipped;
  const waitingSeconds = throttle.waitingUntil !== null ? Math.max(0, Math.ceil((throttle.waitingUntil - now) / 1000)) : 0;
  const label =
    status === "paused"
      ? "Paused: requests already sent are finishing; nothing new starts."
      : status === "cancelling"
        ? "Cancelling: no new pass is created; finishing requests already sent."
        : `Issuing passes: ${number.format(done)} of ${number.format(counts.total)} done`;

  return (
    <section className={styles.stack} aria-label="Issuing">
      <Field label={label} validationState="none">
        <ProgressBar value={counts.total === 0 ? 1 : done / counts.total} thickness="large" />
      </Field>
      <div role="status" aria-live="polite" className={styles.counts} data-testid="run-counts">
        <Badge appearance="tint" color="success">
          {number.format(counts.issued)} issued
        </Badge>
        <Badge appearance="tint" color="danger">
          {number.format(counts.failed)} failed
        </Badge>
        <Badge appearance="tint" color="warning">
          {number.format(counts.skipped)} skipped
        </Badge>
        <Badge appearance="tint" color="informative">
          {number.format(counts.queued + counts.inFlight)} to go
        </Badge>
      </div>
      <Text size={200} className={styles.figures}>
        {snapshot.passesPerSecond.toFixed(1)} passes/s · {formatEta(snapshot.etaSeconds)}
        {throttle.throttledResponses > 0 && ` · Microsoft Graph asked us to slow down ${throttle.throttledResponses} times`}
      </Text>
      {waitingSeconds > 0 && (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>Waiting for Microsoft Graph</MessageBarTitle>
            The tenant's write limit was reached; resuming in {waitingSeconds} s. Nothing is lost.
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        {status === "paused" ? (
          <Button icon={<PlayRegular />} onClick={() => run.resume()}>
            Resume
          </Button>
        ) : (
          <Button icon={<PauseRegular />} onClick={() => run.pause()} disabled={status !== "running"}>
            Pause
          </Button>
        )}
        <Button icon={<DismissRegular />} onClick={() => run.cancel()} disabled={status === "cancelling"}>
          Cancel the rest
        </Button>
      </div>
    </section>
  );
}
