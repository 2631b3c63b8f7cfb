import { type ComponentProps, useState } from "react";
import { Button, makeStyles, tokens, useRestoreFocusTarget } from "@fluentui/react-components";
import { HistoryRegular } from "@fluentui/react-icons";
import { onDemand } from "../components/on-demand";
import type { RecentPassesDrawer as RecentPassesDrawerScreen } from "../features/history/recent-passes-panel";
import { CapabilityBanner } from "../features/session/capability-banner";

// The flow (search, CSV import, preflight, issuing, results) is most of the app's code; loading it on
// demand lets the signed-in shell paint first.
const IssueFlow = onDemand(async () => (await import("./issue-flow")).IssueFlow, "Loading TAP Desk…");
// Recent passes (the audit log view, its drawer and table) loads only when first opened.
const RecentPassesDrawer = onDemand<ComponentProps<typeof RecentPassesDrawerScreen>>(
  async () => (await import("../features/history/recent-passes-panel")).RecentPassesDrawer,
  "Opening Recent passes…",
  "tiny",
);

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  tools: { display: "flex", justifyContent: "flex-end", marginBottom: `calc(-1 * ${tokens.spacingVerticalS})` },
});

/**
 * The banner and the flow are siblings with fixed positions: the admin's roles are only a hint, so
 * the flow never waits for them, never hides behind them, and a change in them never re-mounts it
 * (a run or results on screen stay where they are). Recent passes opens over them in a drawer, so
 * opening or closing it leaves the flow, and any passes on it, as they were.
 */
export function HomeScreen() {
  const styles = useStyles();
  const [historyOpen, setHistoryOpen] = useState(false);
  // Once loaded, the drawer stays mounted (closed) so closing animates and reopening is instant.
  const [historyLoaded, setHistoryLoaded] = useState(false);
  // The drawer is not opened by a DialogTrigger, so mark the button as where focus returns on close.
  const restoreFocusTarget = useRestoreFocusTarget();
  return (
    <div className={styles.stack}>
      <div className={styles.tools}>
        <Button
          appearance="subtle"
          icon={<HistoryRegular />}
          {...restoreFocusTarget}
          onClick={() => {
            setHistoryLoaded(true);
            setHistoryOpen(true);
          }}
        >
          Recent passes
        </Button>
      </div>
      <CapabilityBanner />
      <IssueFlow />
      {historyLoaded && <RecentPassesDrawer open={historyOpen} onOpenChange={setHistoryOpen} />}
    </div>
  );
}
