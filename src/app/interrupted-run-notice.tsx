import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useGraphClient } from "../lib/graph/graph-client-context";
import { buildPartialReceipt } from "../features/receipts/receipt";
import { ReceiptDownloads } from "../features/receipts/receipt-downloads";
import { InterruptedRunBanner } from "../features/run-journal/interrupted-run-banner";
import type { RunJournal } from "../features/run-journal/run-journal";
import { meQuery, organizationQuery } from "../features/session/session-queries";

/**
 * The interrupted-run banner with the run's receipt: only what the journal kept (names and outcome
 * kinds), so the receipt says it is partial.
 */
export function InterruptedRunNotice({ storage }: { storage: Storage }) {
  const client = useGraphClient();
  const me = useQuery(meQuery(client));
  const organization = useQuery(organizationQuery(client));
  // The journal has no run id; one per page keeps both downloads naming the same run.
  const [runId] = useState(() => crypto.randomUUID());
  const receiptOf = (journal: RunJournal) =>
    buildPartialReceipt(
      { runId, startedAt: journal.startedAt, tenant: organization.data ?? null, issuer: me.data ?? null },
      journal.entries.map((entry) => ({ user: entry.user, status: entry.status })),
    );
  return (
    <InterruptedRunBanner
      storage={storage}
      receiptActions={(journal) => <ReceiptDownloads receipt={receiptOf(journal)} label="Partial receipt" />}
    />
  );
}
