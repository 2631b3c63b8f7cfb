import { lazy, Suspense } from "react";
import { makeStyles, Spinner, tokens } from "@fluentui/react-components";
import { CapabilityBanner } from "../features/session/capability-banner";

// The flow (search, CSV import, preflight, issuing, results) is most of the app's code; loading it on
// demand lets the signed-in shell paint first.
const IssueFlow = lazy(() => import("./issue-flow").then((module) => ({ default: module.IssueFlow })));

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
});

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
