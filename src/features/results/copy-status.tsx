import { makeStyles, Text, tokens } from "@fluentui/react-components";
import type { CopyStatus } from "./use-clipboard";

const useStyles = makeStyles({
  status: { minHeight: "1.5em" },
  success: { color: tokens.colorPaletteGreenForeground1 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/** The polite live region that announces each copy ("Copied the pass for …"); never the value. */
export function CopyStatusRegion({ status }: { status: CopyStatus | null }) {
  const styles = useStyles();
  return (
    <div role="status" aria-live="polite" className={styles.status}>
      {status && (
        <Text key={status.id} className={status.intent === "error" ? styles.error : styles.success}>
          {status.message}
        </Text>
      )}
    </div>
  );
}
