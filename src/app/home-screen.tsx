import { makeStyles, tokens } from "@fluentui/react-components";
import { CapabilityBanner } from "../features/session/capability-banner";
import { IssueFlow } from "./issue-flow";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
});

export function HomeScreen() {
  const styles = useStyles();
  return (
    <div className={styles.stack}>
      <CapabilityBanner />
      <IssueFlow />
    </div>
  );
}
