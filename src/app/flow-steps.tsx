import { useEffect, useMemo, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, tokens } from "@fluentui/react-components";
import { ArrowLeftRegular, KeyRegular } from "@fluentui/react-icons";
import { useGraphClient } from "../lib/graph/graph-client-context";
import { passVault } from "../lib/tap/pass-vault";
import type { Candidate, PassSettings, RemovalOutcome, ResultRow } from "../lib/tap/run-types";
import { planRevoke } from "../features/revoke/revoke-plan";
import { RevokeProgress } from "../features/revoke/revoke-progress";
import { startRevokeRun } from "../features/revoke/revoke-run";
import type { RevokeRun } from "../features/revoke/revoke-types";
import { startIssuanceRun } from "../features/issuance/issuance-run";
import { useIssuanceRun } from "../features/issuance/use-issuance-run";
import { issuingBlockedReason, rememberLearnedPolicy, usePassPolicy } from "../features/pass-settings/pass-policy";
import { initialPassSettings, settingsIssues } from "../features/pass-settings/pass-settings-logic";
import { usePreflight } from "../features/preflight/use-preflight";
import { buildReceipt, receiptSettingsOf, recordPasses } from "../features/receipts/receipt";
import { lastReceipt } from "../features/receipts/last-receipt";
import { ReceiptDownloads } from "../features/receipts/receipt-downloads";
import { normaliseTicket, ticketProblem } from "../features/receipts/ticket";
import { TicketField } from "../features/receipts/ticket-field";
import type { PreflightRow } from "../features/preflight/preflight-types";
import { meQuery, organizationQuery } from "../features/session/session-queries";
import { useCapability } from "../features/session/use-capability";
import { useVaultVersion } from "../features/results/use-vault";
import { ManagerHandoffView } from "../features/manager-handoff/manager-handoff-view";
import { useNow } from "../lib/use-now";
import { DISABLED_ACCOUNT_NOTE } from "../domain/disabled-account";
import { IssuanceProgress, PassCard, PassSettingsForm, PreflightProgressView, PreflightReview, ResultsView } from "./flow-screens";
import { CurrentPassNote } from "../features/preflight/current-pass-note";
import type { Finished, Review, Running } from "./flow-types";
import { firstDaySummary, planRun, resultRowsOf, sameTargets } from "./run-plan";
import { useRunJournalRecorder } from "./run-journal-recorder";
import { useRuntimeSettings } from "./runtime-settings";

/*
 * The steps after the pick step: check + settings, the run, the results. They carry the run engine,
 * preflight and policy logic, so they load on demand and the first screen paints sooner.
 */

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  card: {
    padding: tokens.spacingVerticalL,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  heading: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  whyNot: { color: tokens.colorPaletteRedForeground1 },
  ticket: { marginTop: tokens.spacingVerticalL, maxWidth: "480px" },
});

export function ReviewStep({ review, onBack, onStart }: { review: Review; onBack: () => void; onStart: (running: Running) => void }) {
  const styles = useStyles();
  const client = useGraphClient();
  const capability = useCapability();
  const me = useQuery(meQuery(client));
  const policy = usePassPolicy();
  const [settings, setSettings] = useState<PassSettings | null>(null);
  const [ticket, setTicket] = useState("");
  const { requireTicket } = useRuntimeSettings();
  const now = useNow(30_000);
  // Roles that can't be read leave the decision to Graph: check as if the admin may issue to all.
  const ready = !capability.isPending && !me.isPending;
  const preflight = usePreflight(ready ? review.candidates : NO_CANDIDATES, capability.data?.capability ?? "all", me.data?.id ?? null);
  // "Remove" on users who already hold a pass: removes it without issuing, then checks them again.
  const [removeRun, setRemoveRun] = useState<RevokeRun | null>(null);
  const [removing, setRemoving] = useState(false);
  const { checkAgain } = preflight;
  const removeCurrentPasses = (rows: PreflightRow[]) => {
    const targets = rows.flatMap((row) =>
      row.user && row.existingPass
        ? [
            {
              key: row.candidate.rowId,
              userId: row.user.id,
              methodId: row.existingPass.id,
              label: row.user.userPrincipalName ?? row.candidate.identifier,
            },
          ]
        : [],
    );
    const run = startRevokeRun(client, targets);
    setRemoveRun(run);
    setRemoving(true);
    void run.finished.then(() => {
      setRemoving(false);
      checkAgain();
    });
  };

  const effectiveSettings = settings ?? (policy.data ? initialPassSettings(policy.data) : null);
  // A click that finds the plan changed (a start time passed since the last tick) re-plans at that moment.
  const [replannedAt, setReplannedAt] = useState<number | null>(null);
  const planAt = Math.max(now, replannedAt ?? 0);
  const plan = useMemo(
    () =>
      preflight.result && policy.data && effectiveSettings
        ? planRun(review, preflight.result, policy.data, effectiveSettings, planAt)
        : null,
    [review, preflight.result, policy.data, effectiveSettings, planAt],
  );
  const blocked = policy.data ? issuingBlockedReason(policy.data) : null;
  const settingErrors =
    policy.data && effectiveSettings
      ? settingsIssues(policy.data, effectiveSettings, now).filter((issue) => issue.severity === "error")
      : [];
  const whyNot = blocked ?? settingErrors[0]?.message ?? ticketProblem(ticket, requireTicket) ?? plan?.blocked ?? null;

  const start = () => {
    if (!preflight.result || !policy.data || !effectiveSettings || !plan || whyNot !== null) return;
    const clickedAt = Date.now();
    const fresh = planRun(review, preflight.result, policy.data, effectiveSettings, clickedAt);
    if (fresh.blocked !== null || !sameTargets(fresh, plan)) {
      // Never issue to other rows than the counts on screen promised: show the new plan instead.
      setReplannedAt(clickedAt);
      return;
    }
    const run = startIssuanceRun(client, fresh.targets);
    onStart({
      review,
      run,
      decided: [...review.earlySkipped, ...fresh.skipped],
      labels: fresh.labels,
      previous: null,
      receipt: {
        runId: crypto.randomUUID(),
        startedAt: new Date(clickedAt).toISOString(),
        ticket: normaliseTicket(ticket),
        settings: receiptSettingsOf(effectiveSettings),
      },
      records: new Map(),
    });
  };

  const title = review.source.kind === "csv" ? `Check ${review.source.fileName}` : "Check and issue";
  return (
    <div className={styles.stack}>
      <div className={styles.heading}>
        <Button icon={<ArrowLeftRegular />} appearance="subtle" onClick={onBack}>
          Back
        </Button>
        <Text as="h2" size={600} weight="semibold">
          {title}
        </Text>
      </div>

      {!ready || preflight.status === "idle" ? (
        <Spinner label="Checking your roles…" />
      ) : preflight.status === "checking" ? (
        <PreflightProgressView progress={preflight.progress} onCancel={preflight.cancel} />
      ) : preflight.status === "done" && preflight.result && effectiveSettings ? (
        <>
          {removeRun && <RevokeProgress run={removeRun} onDismiss={() => setRemoveRun(null)} />}
          {review.source.kind === "search" && preflight.result.rows.length === 1 && preflight.result.rows[0] && (
            <CurrentPassNote row={preflight.result.rows[0]} />
          )}
          <PreflightReview
            result={preflight.result}
            plan={
              plan
                ? {
                    counts: plan.counts,
                    settingsRefused: plan.settingsRefused,
                    refusedInFile: review.earlySkipped,
                    starts: plan.starts,
                    startRefused: plan.startRefused,
                    startSummary: firstDaySummary(plan.firstDay, plan.unusedStartDates),
                    disabledSent: plan.disabledSent,
                  }
                : undefined
            }
            replaceUsablePasses={effectiveSettings.replaceUsablePasses}
            onReplaceUsablePassesChange={(replace) => setSettings({ ...effectiveSettings, replaceUsablePasses: replace })}
            issueForDisabledAccounts={effectiveSettings.issueForDisabledAccounts === true}
            onIssueForDisabledAccountsChange={(issue) => setSettings({ ...effectiveSettings, issueForDisabledAccounts: issue })}
            onRemoveCurrentPasses={removing ? undefined : removeCurrentPasses}
          />
        </>
      ) : preflight.status === "failed" || preflight.status === "cancelled" ? (
        <MessageBar intent={preflight.status === "failed" ? "error" : "warning"}>
          <MessageBarBody>
            <MessageBarTitle>{preflight.status === "failed" ? "The users couldn't be checked" : "Check cancelled"}</MessageBarTitle>
            No pass was created.{" "}
            <Button appearance="transparent" onClick={preflight.checkAgain}>
              Check again
            </Button>
          </MessageBarBody>
        </MessageBar>
      ) : (
        <Spinner label="Reading the tenant's pass policy…" />
      )}

      {policy.data && effectiveSettings && (
        <section className={styles.card} aria-labelledby="pass-settings-heading">
          <Text as="h3" size={400} weight="semibold" block id="pass-settings-heading">
            Pass settings
          </Text>
          <PassSettingsForm policy={policy.data} value={effectiveSettings} onChange={setSettings} />
          <div className={styles.ticket}>
            <TicketField value={ticket} onChange={setTicket} required={requireTicket} />
          </div>
        </section>
      )}

      {replannedAt !== null && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The counts changed</MessageBarTitle>A start time passed while this screen was open, so some rows can no longer
            get the pass they ask for. Nothing was issued; check the counts above and press Issue again.
          </MessageBarBody>
        </MessageBar>
      )}

      {blocked && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Passes can't be issued</MessageBarTitle>
            {blocked}
          </MessageBarBody>
        </MessageBar>
      )}

      <div className={styles.actions}>
        <Button
          appearance="primary"
          size="large"
          icon={<KeyRegular />}
          disabled={!plan || plan.counts.willIssue === 0 || whyNot !== null}
          onClick={start}
        >
          {plan ? `Issue ${plan.counts.willIssue === 1 ? "1 pass" : `${plan.counts.willIssue} passes`}` : "Issue passes"}
        </Button>
        <Button onClick={onBack}>Cancel</Button>
        {plan && whyNot !== null && !blocked && <Text className={styles.whyNot}>{whyNot}</Text>}
      </div>
    </div>
  );
}

const NO_CANDIDATES: Candidate[] = [];

export function RunningStep({ running, onFinished }: { running: Running; onFinished: (finished: Finished) => void }) {
  const snapshot = useIssuanceRun(running.run);
  const queryClient = useQueryClient();
  useRunJournalRecorder(running.run, running.previous ?? running.decided, running.labels);
  useEffect(() => {
    let live = true;
    void running.run.finished.then((final) => {
      // What Entra's refusals said about the (unreadable) policy shapes the next run's settings.
      rememberLearnedPolicy(queryClient, final.learned);
      if (live) {
        // The receipt keeps each pass's metadata (never its value) even after the vault is cleared.
        onFinished({
          rows: resultRowsOf(running.labels, running.previous ?? running.decided, final.rows),
          records: recordPasses(running.records, passVault.all()),
          endedAt: new Date().toISOString(),
        });
      }
    });
    return () => {
      live = false;
    };
  }, [running, onFinished, queryClient]);
  if (!snapshot) return <Spinner label="Starting…" />;
  return <IssuanceProgress run={running.run} snapshot={snapshot} />;
}

/**
 * Removing passes from the results: plans exactly the selected rows' passes, runs the removal, and
 * when it ends drops removed (and replaced) passes from the vault and marks each row's outcome.
 */
function useRemovals(rows: ResultRow[]) {
  const client = useGraphClient();
  const [run, setRun] = useState<RevokeRun | null>(null);
  const [removals, setRemovals] = useState<ReadonlyMap<string, RemovalOutcome>>(() => new Map());
  const [running, setRunning] = useState(false);
  const start = (rowIds: string[]) => {
    if (running) return;
    const plan = planRevoke(rows, new Set(rowIds), (rowId) => passVault.get(rowId));
    const next = startRevokeRun(client, plan.targets);
    setRun(next);
    setRunning(true);
    void next.finished.then((final) => {
      const ended = new Map<string, RemovalOutcome>();
      for (const rowId of plan.notRemovable)
        ended.set(rowId, { kind: "failed", reason: "Not removed: TAP Desk no longer holds this pass's id." });
      for (const row of final.rows) {
        if (!row.outcome) continue;
        ended.set(row.key, row.outcome);
        // A removed or replaced pass no longer works: its value leaves memory and the screen.
        if (row.outcome.kind !== "failed") passVault.remove(row.key);
      }
      setRemovals((current) => new Map([...current, ...ended]));
      setRunning(false);
    });
  };
  const shown =
    removals.size === 0 ? rows : rows.map((row) => (removals.has(row.rowId) ? { ...row, removal: removals.get(row.rowId) } : row));
  return { run, running, start, rows: shown, dismiss: () => setRun(null) };
}

export function ResultsStep(props: { running: Running; finished: Finished; onDone: () => void; onRetry: (running: Running) => void }) {
  const { running, finished } = props;
  const removal = useRemovals(finished.rows);
  const { rows } = removal;
  const failed = rows.some((row) => row.outcome.kind === "failed");
  const issued = rows.filter((row) => row.outcome.kind === "issued");
  const single = running.review.source.kind === "search" && rows.length === 1 && issued.length === 1 ? issued[0] : undefined;
  const { idleClearMs, allowEmailToManagers } = useRuntimeSettings();
  const client = useGraphClient();
  const me = useQuery(meQuery(client));
  const organization = useQuery(organizationQuery(client));
  // Re-render when the vault changes, so an idle-cleared one-off card gives way to the cleared results.
  useVaultVersion(passVault);
  const pass = single ? passVault.get(single.rowId) : undefined;

  const receipt = useMemo(
    () =>
      buildReceipt(
        {
          ...running.receipt,
          endedAt: finished.endedAt,
          tenant: organization.data ?? null,
          issuer: me.data ?? null,
        },
        rows,
        finished.records,
      ),
    [running.receipt, finished, rows, organization.data, me.data],
  );
  const receiptActions = <ReceiptDownloads receipt={receipt} />;
  const done = () => {
    // After Done the receipt stays downloadable from the home screen until sign-out (memory only).
    lastReceipt.set(receipt);
    props.onDone();
  };
  const retry = (run: Running["run"]) => props.onRetry({ ...running, run, previous: rows, records: finished.records });
  const ticket = running.receipt.ticket;
  // Printed on every handout slip.
  const organizationName = organization.data?.displayName ?? null;
  const issuer = me.data
    ? me.data.displayName
      ? `${me.data.displayName} (${me.data.userPrincipalName})`
      : me.data.userPrincipalName
    : null;

  const progress = removal.run && <RevokeProgress run={removal.run} onDismiss={removal.dismiss} />;
  if (pass) {
    return (
      <>
        {progress}
        {single?.accountDisabled && (
          <MessageBar intent="warning">
            <MessageBarBody>{DISABLED_ACCOUNT_NOTE}.</MessageBarBody>
          </MessageBar>
        )}
        <PassCard
          pass={pass}
          vault={passVault}
          onDone={done}
          idleClear={{ vault: passVault, afterMs: idleClearMs }}
          ticket={ticket}
          organizationName={organizationName}
          issuer={issuer}
          timeZone={single?.timeZone}
          runActions={receiptActions}
          onRemove={removal.running ? undefined : () => removal.start([pass.rowId])}
        />
      </>
    );
  }
  return (
    <>
      {progress}
      <ResultsView
        onRemovePasses={removal.running ? undefined : removal.start}
        rows={rows}
        vault={passVault}
        idleClearAfterMs={idleClearMs}
        onDone={done}
        ticket={ticket}
        organizationName={organizationName}
        issuer={issuer}
        receiptActions={receiptActions}
        onRetryFailed={failed ? () => retry(running.run.retryFailed()) : undefined}
        refusals={{
          learned: running.run.getSnapshot().learned,
          onReissue: (choice) => retry(running.run.reissueRefused(choice)),
        }}
        groupedView={{
          label: "Group by manager",
          render: ({ printRows }) => (
            <ManagerHandoffView
              rows={rows}
              vault={passVault}
              ticket={ticket}
              printRows={printRows}
              workbookOf={async (people) => {
                // The results' own workbook, for just these people (its writer loads on first use).
                const { buildWorkbook } = await import("../features/results/export-xlsx");
                return buildWorkbook(people, (rowId) => passVault.get(rowId), ticket);
              }}
              email={allowEmailToManagers ? { sender: me.data ?? null } : undefined}
            />
          ),
        }}
      />
    </>
  );
}
