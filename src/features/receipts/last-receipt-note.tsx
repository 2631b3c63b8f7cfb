import { makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import { ReceiptRegular } from "@fluentui/react-icons";
import { useLastReceipt } from "./last-receipt";
import { ReceiptDownloads } from "./receipt-downloads";

const useStyles = makeStyles({
  bar: { marginBottom: tokens.spacingVerticalL },
});

function summary(issued: number, rows: number, ticket: string | null, startedAt: string): string {
  const time = new Date(startedAt).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  const passes = `${issued.toLocaleString()} ${issued === 1 ? "pass" : "passes"} issued of ${rows.toLocaleString()} ${rows === 1 ? "row" : "rows"}`;
  return `Started at ${time}${ticket === null ? "" : ` for ${ticket}`}: ${passes}. It holds no pass value and stays here until you sign out.`;
}

/** After Done: the finished run's receipt, still downloadable (from memory) until sign-out. */
export function LastReceiptNote() {
  const styles = useStyles();
  const receipt = useLastReceipt();
  if (!receipt) return null;
  const issued = receipt.rows.filter((row) => row.outcome === "issued").length;
  return (
    <MessageBar intent="info" layout="multiline" icon={<ReceiptRegular />} className={styles.bar} data-testid="last-receipt">
      <MessageBarBody>
        <MessageBarTitle>Last run's receipt</MessageBarTitle>
        {summary(issued, receipt.rows.length, receipt.ticket, receipt.startedAt)}
      </MessageBarBody>
      <MessageBarActions>
        <ReceiptDownloads receipt={receipt} />
      </MessageBarActions>
    </MessageBar>
  );
}
