import { useEffect, useRef, useState } from "react";
import type { PassVault } from "../../lib/tap/pass-vault";
import { idleRemaining } from "./countdown";
import { useVaultSize } from "./use-vault";

export const DEFAULT_IDLE_CLEAR_MS = 15 * 60 * 1000;

const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;
const TICK_MS = 1000;

/**
 * Clears the vault after `idleMs` without pointer or keyboard activity. Returns the time left, or
 * null while the vault holds nothing. Works from timestamps, so a sleeping laptop or a throttled
 * background tab still clears on its first tick back.
 */
export function useIdleClear(vault: PassVault, idleMs: number, onCleared?: () => void): number | null {
  const holding = useVaultSize(vault) > 0;
  const [remaining, setRemaining] = useState(idleMs);
  const onClearedRef = useRef(onCleared);
  useEffect(() => {
    onClearedRef.current = onCleared;
  });

  useEffect(() => {
    if (!holding) return;
    let lastActivity = Date.now();
    const tick = () => {
      const left = idleRemaining(lastActivity, Date.now(), idleMs);
      setRemaining(left);
      if (left === 0) {
        vault.clear();
        onClearedRef.current?.();
      }
    };
    const active = () => {
      lastActivity = Date.now();
    };
    // Activity only moves a timestamp; the next tick shows it, so pointermove costs nothing.
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, active, { passive: true, capture: true });
    const timer = window.setInterval(tick, TICK_MS);
    tick();
    return () => {
      window.clearInterval(timer);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, active, { capture: true });
    };
  }, [holding, idleMs, vault]);

  return holding ? remaining : null;
}
