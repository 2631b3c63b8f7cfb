import { type ReactNode, useEffect, useRef, useState } from "react";
import {
  Button,
  Card,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { DismissRegular } from "@fluentui/react-icons";
import { useQuery } from "@tanstack/react-query";
import { formatUtc } from "../domain/format-time";
import { useGraphClient } from "../lib/graph/graph-client-context";
import type { Receipt } from "../features/receipts/receipt";
import { receiptTenantProblem } from "../features/revoke/receipt-targets";
import { ReceiptRevokeView } from "../features/revoke/receipt-revoke-view";
import { organizationQuery } from "../features/session/session-queries";

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL },
  head: { display: "flex", alignItems: "center", justifyContent: "space-between", gap: tokens.spacingHorizontalM },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold },
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalXL },
  facts: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
});

export interface ReceiptRevokePanelProps {
  receipt: Receipt;
  fileName: string;
  onClose: () => void;
  /** While true, nothing may replace this panel (another receipt would drop the outcomes on screen). */
  onBusyChange: (busy: boolean) => void;
}

/**
 * "Revoke from a receipt", as a section at the top of the home screen: the flow underneath (and any
 * passes on it) stays mounted. Not a drawer: the confirm dialog must not open over another modal
 * (Fluent left the drawer hidden from screen readers after it closed). A receipt from another
 * tenant is refused before any request is sent. While a removal is confirmed or sent, Close waits,
 * so every row's outcome stays on screen.
 */
export function ReceiptRevokePanel({ receipt, fileName, onClose, onBusyChange }: ReceiptRevokePanelProps) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  useEffect(() => onBusyChange(busy), [busy, onBusyChange]);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a receipt moves focus here, so keyboard and screen reader users land on what opened.
  useEffect(() => heading.current?.focus(), []);
  const facts = [
    `Run ${receipt.runId.slice(0, 8)}`,
    `started ${formatUtc(receipt.startedAt)}`,
    receipt.issuer.userPrincipalName ? `by ${receipt.issuer.userPrincipalName}` : null,
    receipt.ticket ? `ticket ${receipt.ticket}` : null,
    receipt.tenant.name ? `tenant ${receipt.tenant.name}` : null,
  ].filter(Boolean);
  return (
    <Card className={styles.card} role="region" aria-labelledby="receipt-revoke-title">
      <div className={styles.head}>
        <h2 id="receipt-revoke-title" ref={heading} tabIndex={-1} className={styles.title}>
          Passes in a receipt
        </h2>
        <Button
          appearance="subtle"
          aria-label={busy ? "Close (after the removal ends)" : "Close"}
          icon={<DismissRegular />}
          disabledFocusable={busy}
          onClick={() => !busy && onClose()}
        />
      </div>
      <div className={styles.body}>
        <Text className={styles.facts}>
          {fileName}: {facts.join(", ")}.
        </Text>
        <TenantGate receipt={receipt}>
          <ReceiptRevokeView rows={receipt.rows} onBusyChange={setBusy} />
        </TenantGate>
      </div>
    </Card>
  );
}

/** A file that is not a receipt (or is damaged): the reader's own reason, and nothing opened. */
export function ReceiptOpenError({ fileName, error, onDismiss }: { fileName: string; error: string; onDismiss: () => void }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Couldn't open {fileName}</MessageBarTitle>
        {error}
      </MessageBarBody>
      <MessageBarActions
        containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<DismissRegular />} onClick={onDismiss} />}
      />
    </MessageBar>
  );
}

function TenantGate({ receipt, children }: { receipt: Receipt; children: ReactNode }) {
  const client = useGraphClient();
  const organization = useQuery(organizationQuery(client));
  if (organization.isPending) return <Spinner size="small" label="Checking the receipt's tenant…" />;
  if (organization.isError || !organization.data) {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>TAP Desk couldn't read which tenant you are signed in to</MessageBarTitle>
          so it can't tell whether this receipt is from it. Nothing was sent. Close this and open the receipt again.
        </MessageBarBody>
      </MessageBar>
    );
  }
  const problem = receiptTenantProblem(receipt.tenant.id, organization.data.id);
  if (problem) {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Not this tenant's receipt</MessageBarTitle>
          {problem} Nothing was checked or removed.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return <>{children}</>;
}
