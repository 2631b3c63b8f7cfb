import { lazy, Suspense } from "react";
import { makeStyles, Spinner, tokens } from "@fluentui/react-components";
import { CapabilityBanner } from "../features/session/capability-banner";

// The flow (search, CSV import, preflight, issuing, results) is most of the app's code; loading it on
// demand lets the signed-in shell paint first.
const IssueFlow = lazy(() => import("./issue-flow").then((module) => ({ default: module.IssueFlow })));

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
});

/**
 * The banner and the flow are siblings with fixed positions: the admin's roles are only a hint, so
 * the flow never waits for them, never hides behind them, and a change in them never re-mounts it
 * (a run or results on screen stay where they are).
 */
export function HomeScreen() {
  const styles = useStyles();
  return (
    <div className={styles.stack}>
      <CapabilityBanner />
      <Suspense fallback={<Spinner label="Loading TAP Desk…" />}>
        <IssueFlow />
      </Suspense>
    </div>
  );
}
