import { useSyncExternalStore } from "react";
import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Text, tokens } from "@fluentui/react-components";
import type { RevokeRun, RevokeSnapshot } from "./revoke-types";

const useStyles = makeStyles({
  box: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  line: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalM },
});

export function useRevokeRun(run: RevokeRun): RevokeSnapshot {
  return useSyncExternalStore(run.subscribe, run.getSnapshot);
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** Progress of a removal, then its summary; each row's own outcome is shown in the results table. */
export function RevokeProgress({ run, onDismiss }: { run: RevokeRun; onDismiss: () => void }) {
  const styles = useStyles();
  const snapshot = useRevokeRun(run);
  const { counts, status } = snapshot;
  const summary = `${plural(counts.removed, "pass removed", "passes removed")}, ${counts.replaced.toLocaleString()} already replaced, ${counts.failed.toLocaleString()} not removed`;
  if (status === "running" || status === "cancelling") {
    return (
      <section className={styles.box} aria-label="Removing passes">
        <div className={styles.line}>
          <Text weight="semibold" role="status">
            Removing passes: {counts.done.toLocaleString()} of {counts.total.toLocaleString()} done ({summary})
            {snapshot.waitingUntil !== null ? ". Microsoft Graph asked TAP Desk to wait; it resumes on its own." : ""}
          </Text>
          <Button disabled={status === "cancelling"} onClick={run.cancel}>
            {status === "cancelling" ? "Cancelling…" : "Cancel"}
          </Button>
        </div>
        <ProgressBar value={counts.total === 0 ? 1 : counts.done / counts.total} aria-label="Removal progress" />
      </section>
    );
  }
  const intent = counts.failed > 0 ? "warning" : "success";
  return (
    <MessageBar intent={intent} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {status === "cancelled" ? "Removal cancelled" : status === "stopped" ? "Removal stopped" : "Removal finished"}
        </MessageBarTitle>
        <span role="status">{summary}.</span>
        {snapshot.stopReason ? ` ${snapshot.stopReason}` : ""}
        {counts.failed > 0 ? " Passes not removed still work; each row says why." : ""}{" "}
        <Button appearance="transparent" onClick={onDismiss}>
          Dismiss
        </Button>
      </MessageBarBody>
    </MessageBar>
  );
}
