import { useId, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, tokens } from "@fluentui/react-components";
import { ArrowDownloadRegular, MailRegular, PrintRegular } from "@fluentui/react-icons";
import { DISABLED_ACCOUNT_NOTE } from "../../domain/disabled-account";
import { downloadTextFile } from "../../lib/download-text-file";
import { useGraphClient } from "../../lib/graph/graph-client-context";
import { sendMailAsMe } from "../../lib/graph/operations";
import type { ManagerRef } from "../../lib/graph/types";
import type { PassVault } from "../../lib/tap/pass-vault";
import type { ResultRow } from "../../lib/tap/run-types";
import { managerWorkbookNames } from "./file-names";
import { groupByManager, managerName, type ManagerGroup } from "./group-by-manager";
import { MailPreviewDialog } from "./mail-preview-dialog";
import { peopleWithPasses, type MailPlan, type Sender } from "./manager-message";
import type { WorkbookOf } from "./managers-zip";
import type { MailOutcome } from "./send-manager-mails";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const useStyles = makeStyles({
  view: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  bar: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  card: {
    padding: tokens.spacingVerticalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  people: {
    borderCollapse: "collapse",
    width: "100%",
    "& th, & td": { textAlign: "left", padding: "2px 8px 2px 0", verticalAlign: "top" },
  },
  upn: { overflowWrap: "anywhere" },
  heading: { margin: 0 },
  passColumn: { width: "6em" },
  note: { fontWeight: tokens.fontWeightSemibold },
  hidden: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
  failed: { color: tokens.colorPaletteRedForeground1 },
  sent: { color: tokens.colorPaletteGreenForeground1 },
  graph: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
});

/** What the e-mail step ended in for one manager (a plan that sends nothing is shown as such). */
type ManagerMailState = MailOutcome | { kind: "no-mailbox" } | { kind: "would-reach-person" } | { kind: "sending" };

export interface ManagerHandoffProps {
  rows: readonly ResultRow[];
  vault: PassVault;
  ticket: string | null;
  /** Prints these people's slips through the results' print path (only their values count as saved). */
  printRows: (rows: readonly ResultRow[], title?: string) => void;
  /** The results' Excel workbook of these rows (loaded on demand). */
  workbookOf: WorkbookOf;
  /** Present only when config.json allows e-mail to managers; the sender is the signed-in admin. */
  email?: { sender: Sender | null } | undefined;
}

function outcomeText(row: ResultRow): string {
  if (row.outcome.kind === "issued") return row.removal?.kind === "removed" ? "Removed" : "Issued";
  return row.outcome.kind === "skipped" ? "Skipped" : "Failed";
}

/** A UPN that may wrap after "@" and ".", never inside a word. */
function Upn({ upn }: { upn: string }) {
  const parts = upn.split(/(?<=[@.])/);
  return (
    <>
      {parts.map((part, index) => (
        <span key={index}>
          {part}
          {index < parts.length - 1 && <wbr />}
        </span>
      ))}
    </>
  );
}

function PeopleTable({ rows, caption }: { rows: readonly ResultRow[]; caption: string }) {
  const styles = useStyles();
  return (
    <table className={styles.people}>
      <caption className={styles.hidden}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Person</th>
          <th scope="col" className={styles.passColumn}>
            Pass
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.rowId}>
            <td>
              <Text block>{row.displayName ?? row.identifier}</Text>
              <Text block size={200}>
                <Upn upn={row.userPrincipalName ?? row.identifier} />
              </Text>
              {/* Under the person, where there is room: the Pass column is kept narrow for phones. */}
              {row.accountDisabled && (
                <Text block size={200} className={styles.note}>
                  {DISABLED_ACCOUNT_NOTE}
                </Text>
              )}
            </td>
            <td>{outcomeText(row)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MailState({ state }: { state: ManagerMailState | undefined }) {
  const styles = useStyles();
  if (!state) return null;
  if (state.kind === "sending") return <Spinner size="extra-tiny" label="Sending…" />;
  if (state.kind === "sent") return <Text className={styles.sent}>E-mail sent.</Text>;
  if (state.kind === "no-mailbox")
    return <Text>No mailbox: not e-mailed. Hand these passes over another way (print pack or workbook).</Text>;
  if (state.kind === "would-reach-person") return <Text>Not e-mailed: this manager is one of the people a pass is for.</Text>;
  return (
    <div role="group" aria-label="Why the e-mail failed">
      <Text className={styles.failed} block>
        E-mail failed: {state.reason}
      </Text>
      <Text className={styles.graph} block>
        Graph: {state.status ?? "no answer"}
        {state.code ? ` ${state.code}` : ""} · {state.message}
        {state.requestId ? ` · request id ${state.requestId}` : ""}
      </Text>
    </div>
  );
}

/**
 * "Group by manager" in the results: each manager with their people, a print pack and a workbook each,
 * one zip of every manager's workbook, and (when allowed) an e-mail to each manager after a preview.
 */
export function ManagerHandoffView({ rows, vault, ticket, printRows, workbookOf, email }: ManagerHandoffProps) {
  const styles = useStyles();
  const headingId = useId();
  const client = useGraphClient();
  useSyncExternalStore(vault.subscribe, vault.getVersion);
  const lookup = (rowId: string) => vault.get(rowId);
  const grouping = useMemo(() => groupByManager(rows), [rows]);
  const { groups, withoutManager, unknownManager } = grouping;
  const holding = vault.size > 0;
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [mailStates, setMailStates] = useState<ReadonlyMap<string, ManagerMailState>>(() => new Map());
  const [previewing, setPreviewing] = useState<readonly ManagerGroup[] | null>(null);
  const [sending, setSending] = useState(false);
  const previewButton = useRef<HTMLButtonElement>(null);
  const defaultTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const issuedIds = (group: ManagerGroup) => peopleWithPasses(group, lookup).map(({ row }) => row.rowId);

  const withBusy = async (key: string, run: () => Promise<void>) => {
    setBusy(key);
    setProblem(null);
    try {
      await run();
    } catch {
      // Only loading the workbook code can fail here; nothing was saved, the values stay on screen.
      setProblem("The workbook could not be built (its code failed to load). Try again.");
    } finally {
      setBusy(null);
    }
  };

  const downloadOne = (group: ManagerGroup, fileName: string) =>
    withBusy(`xlsx:${group.manager.id}`, async () => {
      const bytes = await workbookOf(group.rows);
      downloadTextFile(bytes.slice(), fileName, XLSX_TYPE);
      vault.markSaved(issuedIds(group));
    });

  const downloadAll = () =>
    withBusy("zip", async () => {
      const { buildManagersZip } = await import("./managers-zip");
      const zip = await buildManagersZip(groups, workbookOf);
      const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
      downloadTextFile(zip.slice(), `tap-desk-managers-${stamp}.zip`, "application/zip");
      vault.markSaved(groups.flatMap(issuedIds));
    });

  const send = (plans: MailPlan[]) => {
    previewButton.current?.focus();
    setPreviewing(null);
    setSending(true);
    const next = new Map(mailStates);
    const mails = plans.flatMap((plan) => {
      if (plan.kind === "send") {
        next.set(plan.mail.manager.id, { kind: "sending" });
        return [plan.mail];
      }
      if (plan.kind === "no-mailbox" || plan.kind === "would-reach-person") next.set(plan.manager.id, { kind: plan.kind });
      return [];
    });
    setMailStates(next);
    void import("./send-manager-mails")
      .then(({ sendManagerMails }) =>
        sendManagerMails((message, signal) => sendMailAsMe(client, message, { signal }), mails, {
          onOutcome: (mail, outcome) => {
            // A manager who got the e-mail holds those people's passes: saved, for those people only.
            if (outcome.kind === "sent") vault.markSaved(mail.rowIds);
            setMailStates((current) => new Map(current).set(mail.manager.id, outcome));
          },
        }),
      )
      .catch(() => {
        setProblem("The e-mail code could not load. Nothing was sent; try again.");
        setMailStates((current) => new Map([...current].filter(([, state]) => state.kind !== "sending")));
      })
      .finally(() => setSending(false));
  };

  const outcomes = [...mailStates.values()];
  const count = (kind: ManagerMailState["kind"]) => outcomes.filter((state) => state.kind === kind).length;
  const failedGroups = groups.filter((group) => mailStates.get(group.manager.id)?.kind === "failed");
  const names = managerWorkbookNames(groups.map((group) => group.manager));
  const mailable = groups.filter((group) => peopleWithPasses(group, lookup).length > 0);
  const handOverYourself = [...withoutManager, ...unknownManager].filter(
    (row) => row.outcome.kind === "issued" && row.removal?.kind !== "removed" && lookup(row.rowId) !== undefined,
  ).length;

  return (
    <section className={styles.view} aria-labelledby={headingId}>
      <Text as="h3" size={500} weight="semibold" id={headingId} className={styles.heading}>
        People by manager
      </Text>
      <Text>
        {groups.length === 1 ? "1 manager" : `${groups.length.toLocaleString()} managers`}
        {withoutManager.length > 0 && ` · ${withoutManager.length.toLocaleString()} without a manager`}
        {unknownManager.length > 0 && ` · ${unknownManager.length.toLocaleString()} whose manager couldn't be read`}. Each manager's print
        pack and workbook hold only their people.
      </Text>
      <div role="toolbar" aria-label="Hand passes to managers" className={styles.bar}>
        <Button
          icon={<ArrowDownloadRegular />}
          disabled={!holding || groups.length === 0 || busy !== null}
          onClick={() => void downloadAll()}
        >
          Download all managers (.zip)
        </Button>
        {email && (
          <Button
            ref={previewButton}
            icon={<MailRegular />}
            disabled={!holding || mailable.length === 0 || sending}
            onClick={() => setPreviewing(groups)}
          >
            E-mail each manager…
          </Button>
        )}
        {email && failedGroups.length > 0 && !sending && (
          <Button onClick={() => setPreviewing(failedGroups)}>Send again to failed ({failedGroups.length})</Button>
        )}
        {busy !== null && <Spinner size="tiny" label="Preparing the download…" />}
      </div>
      {problem && (
        <Text role="alert" className={styles.failed}>
          {problem}
        </Text>
      )}
      <div role="status">
        {outcomes.length > 0 && (
          <MessageBar intent={count("failed") > 0 ? "warning" : sending ? "info" : "success"}>
            <MessageBarBody>
              <MessageBarTitle>{sending ? "Sending e-mails…" : "E-mails to managers"}</MessageBarTitle>
              {count("sent")} sent · {count("no-mailbox")} without a mailbox (not e-mailed) · {count("failed")} failed
              {sending ? ` · ${count("sending")} still sending` : ""}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>

      <ul className={styles.list} aria-label="Managers">
        {groups.map((group, index) => (
          <ManagerCard
            key={group.manager.id}
            group={group}
            fileName={names[index] ?? "manager.xlsx"}
            holdingCount={peopleWithPasses(group, lookup).length}
            busy={busy}
            mailState={mailStates.get(group.manager.id)}
            onPrint={() => printRows(group.rows, `Passes for ${managerName(group.manager)}'s people`)}
            onDownload={(fileName) => void downloadOne(group, fileName)}
          />
        ))}
      </ul>

      {withoutManager.length > 0 && (
        <section className={styles.card} aria-labelledby={`${headingId}-none`}>
          <Text as="h4" size={400} weight="semibold" id={`${headingId}-none`} className={styles.heading}>
            Without a manager: hand these over yourself
          </Text>
          <Text>Entra lists no manager for these people, so no print pack, workbook or e-mail includes them.</Text>
          <PeopleTable rows={withoutManager} caption="People without a manager" />
        </section>
      )}

      {unknownManager.length > 0 && (
        <section className={styles.card} aria-labelledby={`${headingId}-unknown`}>
          <Text as="h4" size={400} weight="semibold" id={`${headingId}-unknown`} className={styles.heading}>
            Manager couldn't be read: hand these over yourself
          </Text>
          <ul>
            {unknownManager.map((row) => (
              <li key={row.rowId}>
                {row.displayName ?? row.identifier} ({row.userPrincipalName}):{" "}
                {row.managerLookupFailure ? (
                  <span className={styles.graph}>
                    Graph: {row.managerLookupFailure.status || "no answer"} {row.managerLookupFailure.code} ·{" "}
                    {row.managerLookupFailure.message}
                    {row.managerLookupFailure.requestId ? ` · request id ${row.managerLookupFailure.requestId}` : ""}
                  </span>
                ) : (
                  "not looked up"
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {email && (
        <MailPreviewDialog
          open={previewing !== null}
          groups={previewing ?? []}
          lookup={lookup}
          options={{ sender: email.sender, ticket, defaultTimeZone }}
          sender={email.sender}
          withoutManager={previewing === groups ? handOverYourself : 0}
          onSend={send}
          onCancel={() => {
            previewButton.current?.focus();
            setPreviewing(null);
          }}
        />
      )}
    </section>
  );
}

function ManagerCard(props: {
  group: ManagerGroup;
  fileName: string;
  holdingCount: number;
  busy: string | null;
  mailState: ManagerMailState | undefined;
  onPrint: () => void;
  onDownload: (fileName: string) => void;
}) {
  const { group, fileName, holdingCount, busy, mailState, onPrint, onDownload } = props;
  const styles = useStyles();
  const headingId = useId();
  const manager: ManagerRef = group.manager;
  const name = managerName(manager);
  return (
    <li className={styles.card}>
      <Text as="h4" size={400} weight="semibold" id={headingId} className={styles.heading}>
        {name}
      </Text>
      <Text>
        {manager.userPrincipalName && <Upn upn={manager.userPrincipalName} />}
        {manager.mail === null ? " · no mailbox" : manager.mail !== manager.userPrincipalName ? ` · ${manager.mail}` : ""}
      </Text>
      <PeopleTable rows={group.rows} caption={`People who report to ${name}`} />
      <div className={styles.bar}>
        <Button
          icon={<PrintRegular />}
          disabled={holdingCount === 0}
          onClick={onPrint}
          aria-label={`Print pack (${holdingCount}) for ${name}`}
        >
          Print pack ({holdingCount})
        </Button>
        <Button
          icon={<ArrowDownloadRegular />}
          disabled={holdingCount === 0 || busy !== null}
          onClick={() => onDownload(fileName)}
          aria-label={`Download .xlsx for ${name}`}
        >
          Download .xlsx
        </Button>
      </div>
      <MailState state={mailState} />
    </li>
  );
}
