import { Button, makeStyles } from "@fluentui/react-components";
import { DocumentArrowDownRegular } from "@fluentui/react-icons";
import { downloadTextFile } from "../../lib/download-text-file";
import type { Receipt } from "./receipt";
import { receiptCsv, receiptFileName, receiptJson } from "./receipt-files";

const useStyles = makeStyles({ button: { whiteSpace: "nowrap", flexShrink: 0 } });

export function downloadReceipt(receipt: Receipt, format: "csv" | "json"): void {
  if (format === "csv") downloadTextFile(receiptCsv(receipt), receiptFileName(receipt, "csv"));
  else downloadTextFile(receiptJson(receipt), receiptFileName(receipt, "json"), "application/json;charset=utf-8");
}

/** "Receipt (CSV)" and "Receipt (JSON)": the run without any pass value, for the ticket and for revoking later. */
export function ReceiptDownloads({ receipt, label = "Receipt" }: { receipt: Receipt; label?: string }) {
  const styles = useStyles();
  return (
    <>
      <Button className={styles.button} icon={<DocumentArrowDownRegular />} onClick={() => downloadReceipt(receipt, "csv")}>
        {label} (CSV)
      </Button>
      <Button className={styles.button} icon={<DocumentArrowDownRegular />} onClick={() => downloadReceipt(receipt, "json")}>
        {label} (JSON)
      </Button>
    </>
  );
}
