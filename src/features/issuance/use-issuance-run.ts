import { useSyncExternalStore } from "react";
import type { IssuanceRun, IssuanceSnapshot } from "./issuance-types";

const subscribeToNothing = () => () => {};
const noSnapshot = () => null;

/** The run's latest snapshot (re-renders at most ~10 times a second), or null without a run. */
export function useIssuanceRun(run: IssuanceRun | null): IssuanceSnapshot | null {
  return useSyncExternalStore(run ? run.subscribe : subscribeToNothing, run ? run.getSnapshot : noSnapshot);
}
