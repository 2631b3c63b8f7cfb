import { Card, makeStyles, Text, tokens } from "@fluentui/react-components";
import { Upn } from "../../components/upn";
import type { PreflightRow } from "./preflight-types";
import { formatLocal, formatUtc } from "../../domain/format-time";

const useStyles = makeStyles({
  card: { padding: tokens.spacingVerticalM, gap: tokens.spacingVerticalXS },
  secondary: { color: tokens.colorNeutralForeground3 },
});

function at(iso: string | null): string {
  return iso === null ? "" : ` ${formatLocal(iso)} (${formatUtc(iso)})`;
}

/** What the person's pass looks like now, in one line; null when the check's verdict says it all. */
export function currentPassText(row: PreflightRow): string | null {
  const pass = row.existingPass;
  switch (row.verdict) {
    case "ready":
      return "none; they will get a new one.";
    case "holds-usable-pass":
      return pass?.endDateTime ? `usable until${at(pass.endDateTime)}.` : "usable now.";
    case "holds-future-pass":
      return `starts${at(pass?.startDateTime ?? null) || " later"}.`;
    case "holds-expired-pass":
      return pass?.endDateTime ? `expired${at(pass.endDateTime)}; the new one replaces it.` : "no longer works; the new one replaces it.";
    default:
      return null;
  }
}

/**
 * For one person picked from search: who they are and their current pass, before anything is issued,
 * so the admin needn't read it out of the bulk review table.
 */
export function CurrentPassNote({ row }: { row: PreflightRow }) {
  const styles = useStyles();
  const text = currentPassText(row);
  if (!row.user || text === null) return null;
  return (
    <Card className={styles.card} aria-label={`Current pass of ${row.user.displayName ?? row.user.userPrincipalName}`}>
      <Text weight="semibold">
        {row.user.displayName} <Upn value={row.user.userPrincipalName} className={styles.secondary} />
      </Text>
      <Text>Current pass: {text}</Text>
    </Card>
  );
}
