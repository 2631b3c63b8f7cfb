import { type ReactNode, useState } from "react";
import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  OverlayDrawer,
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
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalXL },
  facts: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
});

export interface ReceiptRevokeDrawerProps {
  receipt: Receipt;
  fileName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * "Revoke from a receipt", in a drawer over the home screen: the flow underneath (and any passes on
 * it) stays mounted. A receipt from another tenant is refused before any request is sent. While
 * removals are being sent the drawer stays open, so every row's outcome stays on screen.
 */
export function ReceiptRevokeDrawer({ receipt, fileName, open, onOpenChange }: ReceiptRevokeDrawerProps) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const close = () => {
    if (!busy) onOpenChange(false);
  };
  const facts = [
    `Run ${receipt.runId.slice(0, 8)}`,
    `started ${formatUtc(receipt.startedAt)}`,
    receipt.issuer.userPrincipalName ? `by ${receipt.issuer.userPrincipalName}` : null,
    receipt.ticket ? `ticket ${receipt.ticket}` : null,
    receipt.tenant.name ? `tenant ${receipt.tenant.name}` : null,
  ].filter(Boolean);
  return (
    <OverlayDrawer
      open={open}
      onOpenChange={(_, data) => (data.open ? onOpenChange(true) : close())}
      position="end"
      size="large"
      aria-labelledby="receipt-revoke-title"
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          heading={{ id: "receipt-revoke-title" }}
          action={
            <Button
              appearance="subtle"
              aria-label={busy ? "Close (after the removal ends)" : "Close"}
              icon={<DismissRegular />}
              disabledFocusable={busy}
              onClick={close}
            />
          }
        >
          Passes in a receipt
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        <div className={styles.body}>
          <Text className={styles.facts}>
            {fileName}: {facts.join(", ")}.
          </Text>
          <TenantGate receipt={receipt}>
            <ReceiptRevokeView rows={receipt.rows} onBusyChange={setBusy} />
          </TenantGate>
        </div>
      </DrawerBody>
    </OverlayDrawer>
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
