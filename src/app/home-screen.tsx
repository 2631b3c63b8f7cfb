import { type ComponentProps, useCallback, useId, useRef, useState } from "react";
import { Button, makeStyles, tokens, useRestoreFocusTarget } from "@fluentui/react-components";
import { DocumentSearchRegular, HistoryRegular } from "@fluentui/react-icons";
import { onDemand } from "../components/on-demand";
import type { RecentPassesDrawer as RecentPassesDrawerScreen } from "../features/history/recent-passes-panel";
import type { Receipt } from "../features/receipts/receipt";
import { CapabilityBanner } from "../features/session/capability-banner";
import type { IssueFlow as IssueFlowScreen } from "./issue-flow";
import type { ReceiptOpenError as ReceiptOpenErrorMessage, ReceiptRevokePanel as ReceiptRevokePanelScreen } from "./receipt-revoke-panel";

// The flow (search, CSV import, preflight, issuing, results) is most of the app's code; loading it on
// demand lets the signed-in shell paint first.
const IssueFlow = onDemand<ComponentProps<typeof IssueFlowScreen>>(
  async () => (await import("./issue-flow")).IssueFlow,
  "Loading TAP Desk…",
);
// Recent passes (the audit log view, its drawer and table) loads only when first opened.
const RecentPassesDrawer = onDemand<ComponentProps<typeof RecentPassesDrawerScreen>>(
  async () => (await import("../features/history/recent-passes-panel")).RecentPassesDrawer,
  "Opening Recent passes…",
  "tiny",
);
// Revoke from a receipt loads only when a receipt is opened.
const ReceiptRevokePanel = onDemand<ComponentProps<typeof ReceiptRevokePanelScreen>>(
  async () => (await import("./receipt-revoke-panel")).ReceiptRevokePanel,
  "Opening the receipt…",
  "tiny",
);
// So is the message for a file that is not a receipt (it is rare; the first load stays small).
const ReceiptOpenError = onDemand<ComponentProps<typeof ReceiptOpenErrorMessage>>(
  async () => (await import("./receipt-revoke-panel")).ReceiptOpenError,
  "Opening the receipt…",
  "tiny",
);

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  tools: {
    display: "flex",
    flexWrap: "wrap",
    justifyContent: "flex-end",
    gap: tokens.spacingHorizontalS,
    marginBottom: `calc(-1 * ${tokens.spacingVerticalS})`,
  },
  fileInput: { display: "none" },
});

interface OpenedReceipt {
  receipt: Receipt;
  fileName: string;
  /** A new receipt gets a fresh screen (its own check), even from a file of the same name. */
  key: number;
}

/**
 * The banner and the flow are siblings with fixed positions: the admin's roles are only a hint, so
 * the flow never waits for them, never hides behind them, and a change in them never re-mounts it
 * (a run or results on screen stay where they are). Recent passes opens over them in a drawer and an
 * opened receipt above them, so opening or closing either leaves the flow, and any passes on it, as they were.
 */
export function HomeScreen() {
  const styles = useStyles();
  const [historyOpen, setHistoryOpen] = useState(false);
  // Once loaded, the drawer stays mounted (closed) so closing animates and reopening is instant.
  const [historyLoaded, setHistoryLoaded] = useState(false);
  // The drawer is not opened by a DialogTrigger, so mark the button as where focus returns on close.
  const restoreFocusTarget = useRestoreFocusTarget();
  const openButton = useRef<HTMLButtonElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const fileInputId = useId();
  const [opened, setOpened] = useState<OpenedReceipt | null>(null);
  const [receiptBusy, setReceiptBusy] = useState(false);
  const [receiptError, setReceiptError] = useState<{ fileName: string; error: string } | null>(null);
  // Once the admin has moved past the pick step the role banner has been read: it shrinks to one line.
  const [pastFirstScreen, setPastFirstScreen] = useState(false);
  const onPastPick = useCallback(() => setPastFirstScreen(true), []);

  const openReceipt = async (file: File) => {
    setReceiptError(null);
    // The reader loads with the file, not with the home screen.
    const [{ parseReceipt }, text] = await Promise.all([import("../features/receipts/receipt-files"), file.text()]);
    const parsed = parseReceipt(text);
    if (!parsed.ok) {
      setReceiptError({ fileName: file.name, error: parsed.error });
      return;
    }
    setOpened((before) => ({ receipt: parsed.receipt, fileName: file.name, key: (before?.key ?? 0) + 1 }));
  };

  return (
    <div className={styles.stack}>
      <div className={styles.tools}>
        <input
          ref={fileInput}
          id={fileInputId}
          className={styles.fileInput}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          aria-label="Receipt file"
          tabIndex={-1}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            // Cleared so choosing the same file again opens it again.
            event.currentTarget.value = "";
            if (file) void openReceipt(file).catch(() => setReceiptError({ fileName: file.name, error: "The file could not be read." }));
          }}
        />
        <Button
          appearance="subtle"
          icon={<DocumentSearchRegular />}
          ref={openButton}
          disabledFocusable={receiptBusy}
          onClick={() => fileInput.current?.click()}
        >
          Open a receipt
        </Button>
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
      {receiptError && <ReceiptOpenError {...receiptError} onDismiss={() => setReceiptError(null)} />}
      {opened && (
        <ReceiptRevokePanel
          key={opened.key}
          receipt={opened.receipt}
          fileName={opened.fileName}
          onBusyChange={setReceiptBusy}
          onClose={() => {
            setOpened(null);
            openButton.current?.focus();
          }}
        />
      )}
      <CapabilityBanner compact={pastFirstScreen} />
      <IssueFlow onPastPick={onPastPick} />
      {historyLoaded && <RecentPassesDrawer open={historyOpen} onOpenChange={setHistoryOpen} />}
    </div>
  );
}
