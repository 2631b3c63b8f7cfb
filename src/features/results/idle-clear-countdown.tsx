import { makeStyles, Text, tokens } from "@fluentui/react-components";
import { TimerRegular } from "@fluentui/react-icons";
import type { PassVault } from "../../lib/tap/pass-vault";
import { idleCountdownText } from "./countdown";
import { useIdleClear } from "./use-idle-clear";

const useStyles = makeStyles({
  countdown: {
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
    fontVariantNumeric: "tabular-nums",
  },
});

/**
 * Owns the idle timer so only this line re-renders each second, not the table. Not a live region:
 * announcing every second would drown a screen reader.
 */
export function IdleClearCountdown({ vault, idleMs, onCleared }: { vault: PassVault; idleMs: number; onCleared: () => void }) {
  const styles = useStyles();
  const remaining = useIdleClear(vault, idleMs, onCleared);
  if (remaining === null) return null;
  return (
    <Text size={200} className={styles.countdown} data-testid="idle-countdown">
      <TimerRegular aria-hidden />
      {idleCountdownText(remaining)}
    </Text>
  );
}
