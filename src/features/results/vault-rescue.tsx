import { type ComponentProps, useCallback } from "react";
import { Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import { ArrowDownloadRegular, CopyRegular } from "@fluentui/react-icons";
import type { PassVault } from "../../lib/tap/pass-vault";
import type { ResultRow } from "../../lib/tap/run-types";
import { CopyStatusRegion } from "./copy-status";
import { exportPasses } from "./download-export";
import { onDemand } from "../../components/on-demand";
import type { PrintHandoutsButton as PrintHandoutsButtonType } from "./handouts/print-handouts-button";
import { copyAllText } from "./result-rows";
import { useClipboard } from "./use-clipboard";
import { useVaultVersion } from "./use-vault";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  bar: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/**
 * The vault's passes as result rows, for when the screen that knew the run is gone (a crash):
 * every pass in memory becomes an "issued" row, so export, copy and print work from the vault alone.
 */
export function vaultRows(vault: PassVault): ResultRow[] {
  return vault.all().map((pass) => ({
    rowId: pass.rowId,
    line: null,
    identifier: pass.userPrincipalName,
    displayName: pass.displayName,
    userPrincipalName: pass.userPrincipalName,
    outcome: { kind: "issued" },
  }));
}

// Only after a crash: the slips' code stays out of the first load.
const PrintHandoutsButton = onDemand<ComponentProps<typeof PrintHandoutsButtonType>>(
  async () => (await import("./handouts/print-handouts-button")).PrintHandoutsButton,
  "Loading Print…",
  "tiny",
);

const RESCUE_TITLE = "Temporary Access Passes";
// After a crash the tenant name and the admin may be unknown: slips print without them.
const NO_CONTEXT = { organizationName: null, issuer: null, ticket: null };

/** Copy / Export / Print of whatever passes are still in memory; nothing when the vault is empty. */
export function VaultRescue({ vault }: { vault: PassVault }) {
  const styles = useStyles();
  // Re-render on every vault change (a run may still be filling it after a crash).
  useVaultVersion(vault);
  const rows = vaultRows(vault);
  const lookup = useCallback((rowId: string) => vault.get(rowId), [vault]);
  const { status, copy } = useClipboard();

  if (rows.length === 0) return null;
  const copyAll = async () => {
    const copied = await copy(
      copyAllText(rows, lookup),
      `Copied ${rows.length} ${rows.length === 1 ? "pass" : "passes"}: one user name and pass per line, tab-separated.`,
    );
    if (copied) vault.markSaved();
  };

  return (
    <section className={styles.panel} aria-label="Passes still in memory">
      <Text>
        {rows.length === 1 ? "1 pass is" : `${rows.length} passes are`} still in this page's memory. Save them before you reload: they can't
        be shown again.
      </Text>
      <div role="toolbar" aria-label="Save the passes" className={styles.bar}>
        <Button icon={<CopyRegular />} onClick={() => void copyAll()}>
          Copy all
        </Button>
        <Button icon={<ArrowDownloadRegular />} onClick={() => exportPasses("results", rows, vault)}>
          Export CSV
        </Button>
        <Button icon={<ArrowDownloadRegular />} onClick={() => exportPasses("scripts", rows, vault)}>
          Export for scripts (User Name, Temporary Access Pass)
        </Button>
        <PrintHandoutsButton vault={vault} rows={rows} title={RESCUE_TITLE} context={NO_CONTEXT} />
      </div>
      <CopyStatusRegion status={status} />
    </section>
  );
}
