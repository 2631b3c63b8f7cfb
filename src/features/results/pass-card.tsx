import { type ReactNode, useCallback, useId, useRef, useState } from "react";
import { Upn } from "../../components/upn";
import { Badge, Button, Card, Link, makeStyles, Text, ToggleButton, tokens } from "@fluentui/react-components";
import { CopyRegular, DeleteRegular, PrintRegular, ReadAloudRegular } from "@fluentui/react-icons";
import type { PassVault } from "../../lib/tap/pass-vault";
import type { IssuedPass, ResultRow } from "../../lib/tap/run-types";
import { passValidity } from "./countdown";
import { formatLocal, formatUtc } from "../../domain/format-time";
import { SECURITY_INFO_URL } from "./next-step";
import { IdleClearCountdown } from "./idle-clear-countdown";
import { PASS_TEXT_LEGEND, PassText, SpokenPass } from "./handouts/pass-glyphs";
import { useHandouts } from "./handouts/print-handouts";
import { CopyStatusRegion } from "./copy-status";
import { UnsavedPassesDialog } from "./unsaved-passes-dialog";
import { RemovePassesDialog } from "../../components/remove-passes-dialog";
import { useClipboard } from "./use-clipboard";
import { useNow } from "../../lib/use-now";

const useStyles = makeStyles({
  card: { maxWidth: "640px", padding: tokens.spacingVerticalXL, gap: tokens.spacingVerticalL },
  who: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  secondary: { color: tokens.colorNeutralForeground3 },
  valueBox: {
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  // No space inside the value: what the eye sees is what Copy (or a selection) gives.
  value: {
    wordBreak: "break-all",
    fontSize: "32px",
    lineHeight: "44px",
    letterSpacing: "0.08em",
    margin: 0,
    userSelect: "all",
  },
  legend: { color: tokens.colorNeutralForeground3, margin: `${tokens.spacingVerticalS} 0 0` },
  spelling: { marginTop: tokens.spacingVerticalM },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold },
  detail: { margin: 0, display: "flex", flexDirection: "column", alignItems: "flex-start" },
  countdown: { fontVariantNumeric: "tabular-nums" },
});

export interface PassCardProps {
  /** Read from the vault by the parent at render; the card keeps no copy. */
  pass: IssuedPass;
  /** The vault holding the pass: copying or printing counts as saved, and Done asks until then. */
  vault: PassVault;
  onDone: () => void;
  /** When given, the value leaves the vault after this long without activity, as in the results view. */
  idleClear?: { vault: PassVault; afterMs: number };
  /** The run's ticket / reference, shown on the card and the slip. */
  ticket?: string | null;
  /** Extra actions for the run (e.g. its receipt), shown under the facts. */
  runActions?: ReactNode;
  /** Deletes this pass in Entra (after the card asks); absent while a removal runs. */
  onRemove?: () => void;
  /** The person's IANA zone for the printed slip (ResultRow.timeZone); absent = the browser's. */
  timeZone?: string;
  /** The tenant's name and the signed-in admin, printed on the slip. */
  organizationName?: string | null;
  issuer?: string | null;
}

/** One pass shown large for a team lead to read out, copy or print as a slip. */
export function PassCard({
  pass,
  vault,
  onDone,
  idleClear,
  ticket = null,
  runActions,
  onRemove,
  timeZone,
  organizationName = null,
  issuer = null,
}: PassCardProps) {
  const styles = useStyles();
  const headingId = useId();
  const spellingId = useId();
  const { status, copy } = useClipboard();
  const handouts = useHandouts({ vault, context: { organizationName, issuer, ticket } });
  const [spelled, setSpelled] = useState(false);
  const printSlip = useCallback(() => {
    const row: ResultRow = {
      rowId: pass.rowId,
      line: null,
      identifier: pass.userPrincipalName,
      displayName: pass.displayName,
      userPrincipalName: pass.userPrincipalName,
      outcome: { kind: "issued" },
      timeZone,
    };
    handouts.print([row], { title: `Temporary Access Pass for ${pass.displayName}`, layout: { perPage: 1, spellOut: spelled } });
  }, [handouts, pass, timeZone, spelled]);
  const [confirmingDone, setConfirmingDone] = useState(false);
  const doneButton = useRef<HTMLButtonElement>(null);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const removeButton = useRef<HTMLButtonElement>(null);

  const copyPass = async () => {
    if (await copy(pass.value, `Copied the pass for ${pass.userPrincipalName}.`)) vault.markSaved();
  };
  const finish = () => {
    // Focus leaves the dialog before it unmounts (fluentui#35139 leaves aria-hidden on #root otherwise).
    if (confirmingDone) doneButton.current?.focus();
    setConfirmingDone(false);
    onDone();
  };
  const requestDone = () => {
    if (vault.hasUnsavedValues) setConfirmingDone(true);
    else finish();
  };

  return (
    <section aria-labelledby={headingId}>
      <Card className={styles.card}>
        <div className={styles.who}>
          <Text as="h2" size={500} weight="semibold" id={headingId}>
            Temporary Access Pass for {pass.displayName}
          </Text>
          <Text className={styles.secondary}>
            <Upn value={pass.userPrincipalName} />
          </Text>
          {idleClear && <IdleClearCountdown vault={idleClear.vault} idleMs={idleClear.afterMs} onCleared={NOTHING} />}
        </div>

        <div className={styles.valueBox}>
          <Text as="p" block className={styles.value}>
            <PassText value={pass.value} testId="pass-value" />
          </Text>
          <Text as="p" block size={200} className={styles.legend}>
            {PASS_TEXT_LEGEND}
          </Text>
          {spelled && (
            <div className={styles.spelling}>
              <SpokenPass value={pass.value} id={spellingId} />
            </div>
          )}
        </div>

        <div className={styles.actions}>
          <Button appearance="primary" icon={<CopyRegular />} onClick={() => void copyPass()}>
            Copy pass
          </Button>
          <ToggleButton
            icon={<ReadAloudRegular />}
            checked={spelled}
            aria-controls={spelled ? spellingId : undefined}
            onClick={() => setSpelled((shown) => !shown)}
          >
            Spell it out
          </ToggleButton>
          <Button icon={<PrintRegular />} onClick={printSlip}>
            Print slip
          </Button>
          <Button ref={doneButton} onClick={requestDone}>
            Done
          </Button>
          {onRemove && (
            <Button ref={removeButton} appearance="subtle" icon={<DeleteRegular />} onClick={() => setConfirmingRemove(true)}>
              Remove this pass
            </Button>
          )}
        </div>
        <CopyStatusRegion status={status} />

        <dl className={styles.facts}>
          <dt className={styles.term}>Valid from</dt>
          <dd className={styles.detail}>
            <span>{formatLocal(pass.startDateTime)}</span>
            <Text size={200} className={styles.secondary}>
              {formatUtc(pass.startDateTime)}
            </Text>
          </dd>
          <dt className={styles.term}>Valid until</dt>
          <dd className={styles.detail}>
            <span>{formatLocal(pass.endDateTime)}</span>
            <Text size={200} className={styles.secondary}>
              {formatUtc(pass.endDateTime)}
            </Text>
          </dd>
          <dt className={styles.term}>Status</dt>
          <dd className={styles.detail}>
            <ValidityCountdown start={pass.startDateTime} end={pass.endDateTime} />
          </dd>
          <dt className={styles.term}>Use</dt>
          <dd className={styles.detail}>
            {pass.isUsableOnce ? "One-time use: one sign-in only" : "Multi-use: any number of sign-ins until it expires"}
          </dd>
          {ticket !== null && (
            <>
              <dt className={styles.term}>Ticket</dt>
              <dd className={styles.detail}>{ticket}</dd>
            </>
          )}
        </dl>

        <Text as="p">
          Next step for {pass.displayName}: sign in at{" "}
          <Link href={SECURITY_INFO_URL} target="_blank" rel="noreferrer">
            {SECURITY_INFO_URL}
          </Link>{" "}
          with this pass and register a passkey or Microsoft Authenticator.
        </Text>

        {runActions && (
          <div role="group" aria-label="Receipt of this run" className={styles.actions}>
            {runActions}
          </div>
        )}

        <UnsavedPassesDialog
          open={confirmingDone}
          title="Finish without saving the passes?"
          leaveLabel="Clear the passes and finish"
          onStay={() => setConfirmingDone(false)}
          onLeave={finish}
        />

        <RemovePassesDialog
          count={1}
          open={confirmingRemove}
          onCancel={() => setConfirmingRemove(false)}
          onConfirm={() => {
            removeButton.current?.focus();
            setConfirmingRemove(false);
            onRemove?.();
          }}
        />

        {handouts.element}
      </Card>
    </section>
  );
}

const NOTHING = () => {};

const PHASE_COLOR = { "not-yet-valid": "informative", valid: "success", expired: "danger" } as const;

/** Ticks every second on its own, so the rest of the card doesn't re-render. */
function ValidityCountdown({ start, end }: { start: string; end: string }) {
  const styles = useStyles();
  const validity = passValidity(useNow(), start, end);
  return (
    <Badge appearance="tint" color={PHASE_COLOR[validity.phase]} className={styles.countdown}>
      {validity.text}
    </Badge>
  );
}
