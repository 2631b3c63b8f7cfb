import { useEffect, useState, type ComponentProps } from "react";
import { Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import type { DirectoryUser } from "../lib/graph/types";
import { passVault } from "../lib/tap/pass-vault";
import { onDemand } from "../components/on-demand";
import { CsvImportPanel } from "../features/csv-import/csv-import-panel";
import { LastReceiptNote } from "../features/receipts/last-receipt-note";
import { toCandidates } from "../features/user-search/search-results";
import { UserPicker } from "../features/user-search/user-picker";
import type { ReviewStep as ReviewStepScreen, ResultsStep as ResultsStepScreen, RunningStep as RunningStepScreen } from "./flow-steps";
import type { Finished, Review, Running } from "./flow-types";
import { forgetRunJournal } from "./run-journal-recorder";

// Everything after the pick step (engine, preflight, policy, results) arrives on demand: fetched as
// soon as the admin starts using the pick step, so it is usually there before they need it.
const loadSteps = () => import("./flow-steps");

const ReviewStep = onDemand<ComponentProps<typeof ReviewStepScreen>>(async () => (await loadSteps()).ReviewStep);
const RunningStep = onDemand<ComponentProps<typeof RunningStepScreen>>(async () => (await loadSteps()).RunningStep);
const ResultsStep = onDemand<ComponentProps<typeof ResultsStepScreen>>(async () => (await loadSteps()).ResultsStep);

function prefetchSteps(): void {
  void loadSteps().catch(() => {
    // A failed prefetch is retried when the step is needed.
  });
}

const useStyles = makeStyles({
  sources: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(360px, 1fr))",
    gap: tokens.spacingHorizontalXL,
    alignItems: "start",
  },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingVerticalL,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  description: { color: tokens.colorNeutralForeground2 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
});

type Stage =
  | { name: "pick" }
  | { name: "review"; review: Review }
  | { name: "running"; running: Running }
  | { name: "results"; running: Running; finished: Finished };

/** The one path every pass takes: pick users → check → settings → issue → results. */
export function IssueFlow({ onPastPick }: { onPastPick?: () => void }) {
  const [stage, setStage] = useState<Stage>({ name: "pick" });
  const past = stage.name !== "pick";
  useEffect(() => {
    if (past) onPastPick?.();
  }, [past, onPastPick]);
  const reset = () => setStage({ name: "pick" });

  switch (stage.name) {
    case "pick":
      return (
        <>
          <LastReceiptNote />
          <PickStep onReview={(review) => setStage({ name: "review", review })} />
        </>
      );
    case "review":
      return <ReviewStep review={stage.review} onBack={reset} onStart={(running) => setStage({ name: "running", running })} />;
    case "running":
      return (
        <RunningStep running={stage.running} onFinished={(finished) => setStage({ name: "results", running: stage.running, finished })} />
      );
    case "results":
      return (
        <ResultsStep
          running={stage.running}
          finished={stage.finished}
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
  const continueWithPicked = () => {
    if (selected.length > 0) onReview({ source: { kind: "search" }, candidates: toCandidates(selected), earlySkipped: [] });
  };
  return (
    <div className={styles.sources} onPointerDownCapture={prefetchSteps} onFocusCapture={prefetchSteps}>
      <section className={styles.card} aria-labelledby="pick-search-heading">
        <Text as="h2" size={500} weight="semibold" id="pick-search-heading">
          Search the directory
        </Text>
        <Text className={styles.description}>For one person or a few, e.g. a new hire starting today.</Text>
        <UserPicker selected={selected} onChange={setSelected} onContinue={continueWithPicked} />
        <div className={styles.actions}>
          <Button appearance="primary" disabled={selected.length === 0} onClick={continueWithPicked}>
            {selected.length <= 1 ? "Continue" : `Continue with ${selected.length} people`}
          </Button>
        </div>
      </section>
      <section className={styles.card} aria-labelledby="pick-csv-heading">
        <Text as="h2" size={500} weight="semibold" id="pick-csv-heading">
          Upload a CSV
        </Text>
        <Text className={styles.description}>For onboarding many users at once.</Text>
        <CsvImportPanel
          onContinue={(candidates, earlySkipped, fileName) => onReview({ source: { kind: "csv", fileName }, candidates, earlySkipped })}
        />
      </section>
    </div>
  );
}
