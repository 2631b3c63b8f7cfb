import { makeStyles } from "@fluentui/react-components";
import type { IssuedPass } from "../../lib/tap/run-types";
import { formatLocal, formatUtc } from "../../domain/format-time";
import { NEXT_STEP_TEXT } from "./next-step";

// Printed outside the FluentProvider: plain values, not theme tokens.
const useStyles = makeStyles({
  slip: {
    breakInside: "avoid",
    border: "1px dashed #666",
    padding: "12px 16px",
    margin: "0 0 12px",
    fontFamily: "'Segoe UI', system-ui, sans-serif",
    fontSize: "11pt",
    lineHeight: 1.4,
  },
  name: { fontSize: "13pt", fontWeight: 600, margin: 0 },
  upn: { margin: "0 0 8px" },
  value: {
    fontFamily: "Consolas, 'Cascadia Mono', 'Courier New', monospace",
    fontSize: "20pt",
    letterSpacing: "0.12em",
    margin: "4px 0 8px",
    wordBreak: "break-all",
  },
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: "12px", margin: 0 },
  term: { fontWeight: 600 },
  detail: { margin: 0 },
  step: { margin: "8px 0 0" },
});

/** One cut-out slip for the person who will sign in with the pass. */
export function PassSlip({ pass, ticket = null }: { pass: IssuedPass; ticket?: string | null }) {
  const styles = useStyles();
  return (
    <section className={styles.slip} aria-label={`Temporary Access Pass for ${pass.userPrincipalName}`}>
      <p className={styles.name}>{pass.displayName}</p>
      <p className={styles.upn}>{pass.userPrincipalName}</p>
      <div>Temporary Access Pass</div>
      <p className={styles.value}>{pass.value}</p>
      <dl className={styles.facts}>
        <dt className={styles.term}>Valid from</dt>
        <dd className={styles.detail}>
          {formatLocal(pass.startDateTime)} ({formatUtc(pass.startDateTime)})
        </dd>
        <dt className={styles.term}>Valid until</dt>
        <dd className={styles.detail}>
          {formatLocal(pass.endDateTime)} ({formatUtc(pass.endDateTime)})
        </dd>
        <dt className={styles.term}>Use</dt>
        <dd className={styles.detail}>{pass.isUsableOnce ? "One sign-in only" : "Any number of sign-ins until it expires"}</dd>
        {ticket !== null && (
          <>
            <dt className={styles.term}>Ticket</dt>
            <dd className={styles.detail}>{ticket}</dd>
          </>
        )}
      </dl>
      <p className={styles.step}>{NEXT_STEP_TEXT}</p>
    </section>
  );
}
