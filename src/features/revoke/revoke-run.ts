import {
  newWriteState,
  PacedBatchWriter,
  type WriteAnswer,
  type WriteItem,
  type WriterHooks,
} from "../../domain/paced-writes/paced-batch-writer";
import { toKnownError } from "../../domain/paced-writes/write-failure";
import { writerOptions } from "../../domain/paced-writes/writer-options";
import type { WriterOptions } from "../../domain/paced-writes/paced-batch-writer";
import { GraphError } from "../../lib/graph/graph-error";
import { buildDeleteTapBatchRequest, buildListTapMethodsBatchRequest } from "../../lib/graph/operations";
import { readPassIds } from "../../lib/graph/response-shapes";
import type { GraphClient } from "../../lib/graph/types";
import { describeRemoveFailure, graphDetails } from "./revoke-words";
import type { RevokeOutcome, RevokePhase, RevokeRun, RevokeSnapshot, RevokeStatus, RevokeTarget } from "./revoke-types";

/*
 * Removes passes through the shared paced writer (same pacing, 429/5xx resends, pause/stop as
 * issuing). Each target goes through twice: first a GET of the user's passes, then — only when
 * the pass we issued is still the user's current one — its DELETE. A pass replaced in between is
 * answered 404 by the DELETE, which means the same: nothing of ours left to remove.
 */

interface Item extends WriteItem {
  target: RevokeTarget;
  stage: "check" | "delete";
  phase: RevokePhase;
  lastProblem: string | null;
  outcome: RevokeOutcome | null;
}

export type RevokeOptions = Partial<WriterOptions>;

const CANCELLED = "Not removed: the removal was cancelled before this pass was sent. The pass still works.";

export function startRevokeRun(client: GraphClient, targets: readonly RevokeTarget[], options: RevokeOptions = {}): RevokeRun {
  const settings = writerOptions(options);
  const items: Item[] = dedupe(targets).map((target) => ({
    target,
    stage: "check",
    phase: "queued",
    lastProblem: null,
    outcome: null,
    write: newWriteState(),
  }));
  const listeners = new Set<() => void>();
  let status: RevokeStatus = "running";
  let stopReason: string | null = null;
  let snapshot: RevokeSnapshot | null = null;

  const end = (item: Item, outcome: RevokeOutcome) => {
    if (item.outcome) return;
    item.outcome = outcome;
    item.phase = "done";
    item.lastProblem = null;
  };

  const hooks: WriterHooks<Item> = {
    request: (item, id) =>
      item.stage === "check"
        ? buildListTapMethodsBatchRequest(id, item.target.userId)
        : buildDeleteTapBatchRequest(id, item.target.userId, item.target.methodId),
    checkAccepted: (item, response) => {
      if (item.stage !== "check") return null;
      const ids = readPassIds(response);
      return ids instanceof GraphError ? ids : null;
    },
    describe: (item, error) => describeRemoveFailure(error, item.stage),
    sending: (item) => {
      item.phase = item.stage === "check" ? "checking" : "removing";
    },
    retrying: (item, problem) => {
      item.phase = "retrying";
      item.lastProblem = problem;
    },
    mayResend: (item) => item.outcome === null,
    settled: (item, answer) => settle(item, answer),
    unsent: (item) => end(item, { kind: "failed", reason: stopReason ? `Not removed: ${stopReason} The pass still works.` : CANCELLED }),
    fatal: (error) => {
      const known = toKnownError(error);
      stopReason = known ? describeRemoveFailure(known, "delete") : "TAP Desk could not get a token for Microsoft Graph.";
      status = "stopped";
    },
    broken: (broken, error) => {
      void error;
      for (const item of broken) {
        end(item, {
          kind: "failed",
          reason: "TAP Desk hit an unexpected problem reading Graph's answer; check this user's pass in Entra.",
        });
      }
    },
    changed: () => publish(),
  };

  const writer = new PacedBatchWriter<Item>(client, hooks, settings);

  function settle(item: Item, answer: WriteAnswer) {
    if (answer.kind === "accepted") {
      if (item.stage === "delete") return end(item, { kind: "removed" });
      const ids = readPassIds(answer.response);
      const current = Array.isArray(ids) && ids.some((id) => id.toLowerCase() === item.target.methodId.toLowerCase());
      if (!current) {
        return end(item, {
          kind: "replaced",
          reason:
            Array.isArray(ids) && ids.length > 0
              ? "Already replaced: this user now holds a newer pass, which was left alone."
              : "Already gone: this user no longer holds this pass (removed in Entra or expired); nothing was deleted.",
        });
      }
      item.stage = "delete";
      item.phase = "queued";
      item.write = newWriteState();
      if (writer.stopped) return hooks.unsent(item);
      writer.add([item]);
      return;
    }
    const { error } = answer;
    if (item.stage === "delete" && error instanceof GraphError && error.status === 404) {
      // Not there any more. After an earlier DELETE whose answer was lost, that DELETE most likely ran.
      const mayHaveRun = item.write.firstAmbiguousAt !== null;
      return end(
        item,
        mayHaveRun
          ? { kind: "removed", note: LOST_ANSWER_NOTE }
          : { kind: "replaced", reason: "Already replaced: Graph no longer has this pass for the user (404); nothing was deleted." },
      );
    }
    end(item, { kind: "failed", reason: `Not removed: ${describeRemoveFailure(error, item.stage)}`, ...graphDetails(error) });
  }

  function buildSnapshot(): RevokeSnapshot {
    const counts = { total: items.length, done: 0, removed: 0, replaced: 0, failed: 0 };
    for (const item of items) {
      if (!item.outcome) continue;
      counts.done += 1;
      counts[item.outcome.kind] += 1;
    }
    const now = settings.now();
    const waitingUntil = writer.pacer.state(now).waitingUntil;
    return {
      status,
      rows: items.map((item) => ({
        key: item.target.key,
        label: item.target.label,
        phase: item.phase,
        lastProblem: item.lastProblem,
        outcome: item.outcome,
      })),
      counts,
      stopReason,
      waitingUntil,
    };
  }

  function publish() {
    snapshot = buildSnapshot();
    for (const listener of [...listeners]) listener();
  }

  const finished = (async () => {
    writer.add(items);
    try {
      await writer.run();
    } finally {
      for (const item of items) end(item, { kind: "failed", reason: CANCELLED });
      if (status === "running") status = "completed";
      else if (status === "cancelling") status = "cancelled";
      publish();
    }
    return snapshot ?? buildSnapshot();
  })();

  return {
    getSnapshot: () => (snapshot ??= buildSnapshot()),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    cancel: () => {
      if (status !== "running") return;
      status = "cancelling";
      writer.stop();
      publish();
    },
    finished,
  };
}

const LOST_ANSWER_NOTE = "Graph's first answer was lost; the pass is gone.";

function dedupe(targets: readonly RevokeTarget[]): RevokeTarget[] {
  const seen = new Set<string>();
  return targets.filter((target) => (seen.has(target.key) ? false : (seen.add(target.key), true)));
}
