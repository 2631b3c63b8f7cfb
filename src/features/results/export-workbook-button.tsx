import { useState } from "react";
import { Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import { ArrowDownloadRegular } from "@fluentui/react-icons";
import type { PassVault } from "../../lib/tap/pass-vault";
import type { ResultRow } from "../../lib/tap/run-types";
import { exportWorkbook } from "./download-workbook";

const useStyles = makeStyles({ error: { color: tokens.colorPaletteRedForeground1 } });

/** "Export Excel workbook": the writer loads on first use, so a failed load is said here, not lost. */
export function ExportWorkbookButton({
  rows,
  vault,
  disabled,
  ticket = null,
}: {
  rows: readonly ResultRow[];
  vault: PassVault;
  disabled: boolean;
  ticket?: string | null;
}) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  const run = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await exportWorkbook(rows, vault, new Date(), ticket);
    } catch {
      // Only the chunk load can fail here (e.g. the network dropped); the values stay on screen, unsaved.
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<ArrowDownloadRegular />} disabled={disabled || busy} onClick={() => void run()}>
        Export Excel workbook
      </Button>
      {failed && (
        <Text role="alert" size={200} className={styles.error}>
          The Excel export could not load. Try again, or use Export CSV.
        </Text>
      )}
    </>
  );
}
