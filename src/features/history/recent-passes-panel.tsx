import { useMemo, useState, type FormEvent } from "react";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  OverlayDrawer,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ArrowClockwiseRegular, DismissRegular } from "@fluentui/react-icons";
import { useGraphClient } from "../../lib/graph/graph-client-context";
import { collectHistory, describeHistoryFailure, filterByUser, HISTORY_DAYS, historySince } from "./history-logic";
import type { HistoryFailure, HistoryRow } from "./history-logic";
import { historyKeys, recentPassesQuery } from "./history-queries";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalXL },
  filters: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM, alignItems: "flex-end" },
  filterGroup: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, flexGrow: 1, flexBasis: "16rem", minWidth: 0 },
  issuerForm: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-end" },
  filterField: { flexGrow: 1, minWidth: 0 },
  hint: { color: tokens.colorNeutralForeground3 },
  tableWrap: { overflowX: "auto" },
  table: { minWidth: "38rem" },
  wrap: { overflowWrap: "anywhere" },
  dateColumn: { width: "10.5rem" },
  activityColumn: { width: "13rem" },
  resultColumn: { width: "6rem" },
  secondary: { color: tokens.colorNeutralForeground3 },
  details: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: "break-all" },
  footer: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", flexWrap: "wrap" },
});

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function Person({ name, upn }: { name: string | null; upn: string | null }) {
  const styles = useStyles();
  return (
    <div className={styles.wrap}>
      <Text block>{name ?? upn ?? "Unknown"}</Text>
      {upn !== null && name !== null && (
        <Text block size={200} className={styles.secondary}>
          {upn}
        </Text>
      )}
    </div>
  );
}

function FailureMessage({ failure, onRetry }: { failure: HistoryFailure; onRetry: () => void }) {
  const styles = useStyles();
  return (
    <MessageBar
      intent={failure.kind === "role" || failure.kind === "consent" ? "warning" : "error"}
      layout="multiline"
      data-testid="history-error"
    >
      <MessageBarBody>
        <MessageBarTitle>{failure.title}</MessageBarTitle>
        <Text block>{failure.reason}</Text>
        {failure.graph !== null && (
          <Text block className={styles.details} data-testid="history-graph-error">
            Microsoft Graph: {failure.graph.status} {failure.graph.code}
            {failure.graph.innerCode !== null ? ` (${failure.graph.innerCode})` : ""} — “{failure.graph.message}”
            {failure.graph.requestId !== null ? ` · request id ${failure.graph.requestId}` : ""}
          </Text>
        )}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onRetry}>Try again</Button>
      </MessageBarActions>
    </MessageBar>
  );
}

function HistoryTable({ rows }: { rows: readonly HistoryRow[] }) {
  const styles = useStyles();
  return (
    // Scrolls sideways on a phone; focusable so keyboard users can scroll it too.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className={styles.tableWrap} role="region" aria-label="Recent passes table" tabIndex={0}>
      <Table className={styles.table} aria-label="Passes registered in Entra" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.dateColumn}>Date</TableHeaderCell>
            <TableHeaderCell>Issued by</TableHeaderCell>
            <TableHeaderCell>For</TableHeaderCell>
            <TableHeaderCell className={styles.activityColumn}>Activity</TableHeaderCell>
            <TableHeaderCell className={styles.resultColumn}>Result</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id} data-testid="history-row">
              <TableCell>
                <time dateTime={row.at}>{dateFormat.format(new Date(row.at))}</time>
              </TableCell>
              <TableCell>
                <Person name={row.issuerName} upn={row.issuerUpn} />
              </TableCell>
              <TableCell>
                <Person name={row.userName} upn={row.userUpn} />
              </TableCell>
              <TableCell>{row.activity}</TableCell>
              <TableCell>{row.result ?? "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** The listing itself; mounted only while the drawer is open, so Graph is asked only then. */
function RecentPassesContent() {
  const styles = useStyles();
  const client = useGraphClient();
  const queryClient = useQueryClient();
  const [since, setSince] = useState(() => historySince(Date.now()));
  const [issuerDraft, setIssuerDraft] = useState("");
  const [issuer, setIssuer] = useState("");
  const [userText, setUserText] = useState("");
  const query = useInfiniteQuery(recentPassesQuery(client, since, issuer));

  const history = useMemo(() => collectHistory(query.data?.pages ?? []), [query.data]);
  const shown = useMemo(() => filterByUser(history.rows, userText), [history.rows, userText]);
  const failure = query.error ? describeHistoryFailure(query.error) : null;

  const applyIssuer = (event: FormEvent) => {
    event.preventDefault();
    setIssuer(issuerDraft.trim());
  };
  const refresh = () => {
    void queryClient.removeQueries({ queryKey: historyKeys.all });
    setSince(historySince(Date.now()));
  };
  const retry = () => {
    if (query.data) void query.fetchNextPage();
    else void query.refetch();
  };

  const status = query.isPending
    ? ""
    : userText.trim() !== ""
      ? `${shown.length} of ${history.rows.length} loaded passes match “${userText.trim()}”.`
      : `${history.rows.length} ${history.rows.length === 1 ? "pass" : "passes"} loaded${query.hasNextPage ? "; older entries not loaded yet" : ""}.`;

  return (
    <div className={styles.body}>
      <Text>
        Passes registered for users of this tenant in the last {HISTORY_DAYS} days, read from Entra’s audit log: issued with TAP Desk, the
        admin center or any other tool. Newest first.
      </Text>
      <div className={styles.filters}>
        <div className={styles.filterGroup}>
          <form className={styles.issuerForm} onSubmit={applyIssuer} role="search" aria-label="Filter by issuer">
            <Field className={styles.filterField} label="Issued by (UPN starts with)">
              <Input
                value={issuerDraft}
                onChange={(_, data) => setIssuerDraft(data.value)}
                placeholder="e.g. megan.bowen@"
                aria-describedby="history-issuer-hint"
              />
            </Field>
            <Button type="submit">Apply</Button>
          </form>
          <Text size={200} className={styles.hint} id="history-issuer-hint">
            Filtered by Microsoft Graph across all {HISTORY_DAYS} days.
          </Text>
        </div>
        <div className={styles.filterGroup}>
          <Field className={styles.filterField} label="For user (name or UPN contains)">
            <Input value={userText} onChange={(_, data) => setUserText(data.value)} type="search" aria-describedby="history-user-hint" />
          </Field>
          <Text size={200} className={styles.hint} id="history-user-hint">
            Filters the entries loaded so far; Load more to look further back.
          </Text>
        </div>
      </div>

      {query.isPending && <Spinner label="Reading Entra’s audit log…" />}
      {failure !== null && <FailureMessage failure={failure} onRetry={retry} />}

      {query.data !== undefined && (
        <>
          <Text role="status" aria-live="polite" data-testid="history-status">
            {status}
          </Text>
          {shown.length > 0 ? (
            <HistoryTable rows={shown} />
          ) : (
            <Text data-testid="history-empty">
              {history.rows.length > 0
                ? "No loaded pass matches this user."
                : query.hasNextPage
                  ? "No passes in the entries loaded so far."
                  : `No passes were registered in the last ${HISTORY_DAYS} days${issuer !== "" ? ` by issuers whose UPN starts with “${issuer}”` : ""}.`}
            </Text>
          )}
          {(history.otherMethods > 0 || history.unreadable > 0) && (
            <Text size={200} className={styles.secondary}>
              {history.otherMethods > 0 && `${history.otherMethods} registrations of other sign-in methods (not passes) are not shown. `}
              {history.unreadable > 0 && `${history.unreadable} entries from Graph could not be read and are not shown.`}
            </Text>
          )}
          <div className={styles.footer}>
            {query.hasNextPage && (
              <Button onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {query.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            )}
            <Button icon={<ArrowClockwiseRegular />} onClick={refresh} disabled={query.isFetching}>
              Refresh
            </Button>
          </div>
        </>
      )}
    </div>
  );
}

export interface RecentPassesDrawerProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** A drawer over the home screen: the flow underneath (and any passes on it) stays mounted and untouched. */
export function RecentPassesDrawer({ open, onOpenChange }: RecentPassesDrawerProps) {
  return (
    <OverlayDrawer
      open={open}
      onOpenChange={(_, data) => onOpenChange(data.open)}
      position="end"
      size="large"
      aria-labelledby="recent-passes-title"
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          heading={{ id: "recent-passes-title" }}
          action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={() => onOpenChange(false)} />}
        >
          Recent passes
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>{open && <RecentPassesContent />}</DrawerBody>
    </OverlayDrawer>
  );
}
