import { lazy, Suspense } from "react";
import { useQuery } from "@tanstack/react-query";
import { makeStyles, Spinner, tokens } from "@fluentui/react-components";
import { useGraphClient } from "../lib/graph/graph-client-context";
import { CapabilityBanner } from "../features/session/capability-banner";
import { capabilityQuery } from "../features/session/session-queries";

// The flow (search, CSV import, preflight, issuing, results) is most of the app's code; loading it on
// demand lets the signed-in shell paint first.
const IssueFlow = lazy(() => import("./issue-flow").then((module) => ({ default: module.IssueFlow })));

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
});

export function HomeScreen() {
  const styles = useStyles();
  const capability = useQuery(capabilityQuery(useGraphClient()));
  // Without an authentication admin role every request would be refused: the banner says what to ask
  // for instead of offering a flow that can only fail. (If the roles can't be read, Graph decides.)
  const canIssue = capability.isError || (capability.data !== undefined && capability.data.capability !== "none");
  return (
    <div className={styles.stack}>
      <CapabilityBanner />
      {canIssue && (
        <Suspense fallback={<Spinner label="Loading TAP Desk…" />}>
          <IssueFlow />
        </Suspense>
      )}
    </div>
  );
}
