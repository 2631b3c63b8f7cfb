import { type ReactNode, useState } from "react";
import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import { ArrowDownloadRegular, DismissRegular } from "@fluentui/react-icons";
import { downloadTextFile } from "../../lib/download-text-file";
import { clearRunJournal, countJournal, interruptedRunMessage, journalCsv, readRunJournal, type RunJournal } from "./run-journal";

const useStyles = makeStyles({
  bar: { marginBottom: tokens.spacingVerticalL },
  // Three actions fit a phone only when they may wrap onto a second line.
  actions: { flexWrap: "wrap", justifyContent: "flex-end", rowGap: tokens.spacingVerticalS },
});

function fileName(journal: RunJournal): string {
  const stamp = journal.startedAt.replace(/[:.]/g, "-").replace(/-\d+Z$/, "Z");
  return `tap-desk-interrupted-run-${stamp}.csv`;
}

/**
 * Shown once after a reload cut a run (or its unsaved results) short: says plainly what was issued
 * and what was not, from the journal the page left in sessionStorage.
 */
export function InterruptedRunBanner({
  storage,
  receiptActions,
}: {
  storage: Storage;
  /** Downloads of the run's (partial) receipt, composed by the app layer from the journal. */
  receiptActions?: (journal: RunJournal) => ReactNode;
}) {
  const styles = useStyles();
  // Read once, on load: a journal written by this page's own run is not an interrupted one.
  const [journal, setJournal] = useState<RunJournal | null>(() => readRunJournal(storage));
  if (!journal || journal.entries.length === 0) return null;

  const dismiss = () => {
    if (readRunJournal(storage)?.startedAt === journal.startedAt) clearRunJournal(storage);
    setJournal(null);
  };

  return (
    <MessageBar intent="warning" layout="multiline" className={styles.bar} data-testid="interrupted-run">
      <MessageBarBody>
        <MessageBarTitle>Run interrupted</MessageBarTitle>
        {interruptedRunMessage(countJournal(journal))}
      </MessageBarBody>
      <MessageBarActions
        className={styles.actions}
        containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<DismissRegular />} onClick={dismiss} />}
      >
        <Button icon={<ArrowDownloadRegular />} onClick={() => downloadTextFile(journalCsv(journal), fileName(journal))}>
          Download list
        </Button>
        {receiptActions?.(journal)}
      </MessageBarActions>
    </MessageBar>
  );
}
