import { makeStyles } from "@fluentui/react-components";
import type { ResultRow } from "../../lib/tap/run-types";
import { formatLocal } from "../../domain/format-time";
import { PassSlip } from "./pass-slip";
import { issuedWithValues, type PassLookup } from "./result-rows";

const useStyles = makeStyles({
  sheet: { padding: "0", fontFamily: "'Segoe UI', system-ui, sans-serif" },
  heading: { fontSize: "14pt", margin: "0 0 4px" },
  note: { fontSize: "10pt", margin: "0 0 12px" },
});

/** The printed results: a heading, then one slip per user issued a pass, ready to cut apart. */
export function ResultsPrint({
  title,
  rows,
  lookup,
  ticket = null,
}: {
  title: string;
  rows: readonly ResultRow[];
  lookup: PassLookup;
  ticket?: string | null;
}) {
  const styles = useStyles();
  const issued = issuedWithValues(rows, lookup);
  return (
    <div className={styles.sheet}>
      <h1 className={styles.heading}>{title}</h1>
      <p className={styles.note}>
        {issued.length} Temporary Access {issued.length === 1 ? "Pass" : "Passes"}, printed {formatLocal(new Date().toISOString())}. Hand
        each slip only to the person named on it.
      </p>
      {issued.map(({ pass }) => (
        <PassSlip key={pass.rowId} pass={pass} ticket={ticket} />
      ))}
    </div>
  );
}
