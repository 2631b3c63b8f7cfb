import { useCallback, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { IssuerCapability } from "../../lib/directory-roles";
import { useGraphClient } from "../../lib/graph/graph-client-context";
import type { Candidate } from "../../lib/tap/run-types";
import { runPreflight } from "./lookup-candidates";
import type { PreflightProgress, PreflightResult } from "./preflight-types";

// One id per candidate list (by identity), so a list of thousands never goes into a query key.
const runIds = new WeakMap<readonly Candidate[], number>();
let lastRunId = 0;

function runIdFor(candidates: readonly Candidate[]): number {
  let id = runIds.get(candidates);
  if (id === undefined) {
    lastRunId += 1;
    id = lastRunId;
    runIds.set(candidates, id);
  }
  return id;
}

export const preflightKeys = {
  all: ["preflight"] as const,
  run: (runId: number, capability: IssuerCapability, meId: string | null) => [...preflightKeys.all, runId, capability, meId] as const,
};

export type PreflightStatus = "idle" | "checking" | "done" | "failed" | "cancelled";

export interface PreflightState {
  status: PreflightStatus;
  progress: PreflightProgress;
  result: PreflightResult | undefined;
  error: unknown;
  cancel: () => void;
  /** Runs the whole check again (e.g. after a cancel, or after fixing roles in Entra). */
  checkAgain: () => void;
}

/**
 * Checks `candidates` against the directory (reads only). Pass the same array instance while the
 * list is unchanged (memoise it): a new array starts a new check.
 */
export function usePreflight(candidates: readonly Candidate[], capability: IssuerCapability, meId: string | null): PreflightState {
  const client = useGraphClient();
  const queryClient = useQueryClient();
  const runId = runIdFor(candidates);
  const queryKey = preflightKeys.run(runId, capability, meId);
  const [progressOf, setProgressOf] = useState<{ runId: number; progress: PreflightProgress } | null>(null);
  const [cancelledRun, setCancelledRun] = useState<number | null>(null);
  const cancelled = cancelledRun === runId;

  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      runPreflight(client, candidates, capability, meId, {
        signal,
        onProgress: (progress) => setProgressOf({ runId, progress }),
      }),
    enabled: candidates.length > 0 && !cancelled,
    // A check is a snapshot the admin acts on; it changes only when they ask for it again.
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: false,
  });

  const cancel = useCallback(() => {
    setCancelledRun(runId);
    void queryClient.cancelQueries({ queryKey: preflightKeys.run(runId, capability, meId) });
  }, [queryClient, runId, capability, meId]);

  const refetch = query.refetch;
  const checkAgain = useCallback(() => {
    setProgressOf(null);
    if (cancelled) setCancelledRun(null);
    else void refetch();
  }, [cancelled, refetch]);

  const progress = progressOf?.runId === runId ? progressOf.progress : { resolved: 0, total: candidates.length };
  let status: PreflightStatus;
  if (cancelled) status = "cancelled";
  else if (query.isFetching) status = "checking";
  else if (query.isError) status = "failed";
  else if (query.data) status = "done";
  else status = candidates.length === 0 ? "idle" : "checking";

  return { status, progress, result: query.isFetching ? undefined : query.data, error: query.error, cancel, checkAgain };
}
