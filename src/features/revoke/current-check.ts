import { newWriteState, PacedBatchWriter, type WriteItem, type WriterHooks } from "../../domain/paced-writes/paced-batch-writer";
import { toKnownError } from "../../domain/paced-writes/write-failure";
import { writerOptions } from "../../domain/paced-writes/writer-options";
import type { WriterOptions } from "../../domain/paced-writes/paced-batch-writer";
import { GraphError, type GraphNetworkError } from "../../lib/graph/graph-error";
import { buildListTapMethodsBatchRequest } from "../../lib/graph/operations";
import { readPassIds } from "../../lib/graph/response-shapes";
import type { GraphClient } from "../../lib/graph/types";
import { describeRemoveFailure, graphDetails } from "./revoke-words";
import type { GraphAnswerDetails, RevokeTarget } from "./revoke-types";

/*
 * A read-only look at whether passes are still their users' current ones: one GET of each user's
 * temporaryAccessPassMethods, sent through the same paced writer as removals (pacing, 429/5xx
 * resends), and nothing written. What is shown here is advice only: the removal checks again
 * right before each DELETE.
 */

export type CurrentState =
  { kind: "current" } | { kind: "gone"; reason: string } | ({ kind: "unknown"; reason: string } & GraphAnswerDetails);

/** What a user's list of pass ids says about the pass we issued. */
export function classifyCurrent(methodId: string, ids: readonly string[]): CurrentState {
  if (ids.some((id) => id.toLowerCase() === methodId.toLowerCase())) return { kind: "current" };
  return {
    kind: "gone",
    reason:
      ids.length > 0
        ? "Already replaced: this user now holds a newer pass."
        : "Already removed: this user holds no pass now (removed in Entra or expired).",
  };
}

/** A check that could not be answered: Graph's words kept beside ours. */
export function uncheckable(error: GraphError | GraphNetworkError): CurrentState {
  return { kind: "unknown", reason: `Couldn't be checked: ${describeRemoveFailure(error, "check")}`, ...graphDetails(error) };
}

interface Item extends WriteItem {
  target: RevokeTarget;
  state: CurrentState | null;
}

/** Resolves to one state per target key; never rejects for a Graph failure (the row says it). */
export async function checkCurrentPasses(
  client: GraphClient,
  targets: readonly RevokeTarget[],
  options: Partial<WriterOptions> = {},
): Promise<Map<string, CurrentState>> {
  const items: Item[] = targets.map((target) => ({ target, state: null, write: newWriteState() }));
  let stopReason: string | null = null;
  const end = (item: Item, state: CurrentState) => {
    item.state ??= state;
  };
  const hooks: WriterHooks<Item> = {
    request: (item, id) => buildListTapMethodsBatchRequest(id, item.target.userId),
    checkAccepted: (_item, response) => {
      const ids = readPassIds(response);
      return ids instanceof GraphError ? ids : null;
    },
    describe: (_item, error) => describeRemoveFailure(error, "check"),
    sending: () => undefined,
    retrying: () => undefined,
    mayResend: (item) => item.state === null,
    settled: (item, answer) => {
      if (answer.kind === "failed") return end(item, uncheckable(answer.error));
      const ids = readPassIds(answer.response);
      end(item, ids instanceof GraphError ? uncheckable(ids) : classifyCurrent(item.target.methodId, ids));
    },
    unsent: (item) => end(item, { kind: "unknown", reason: `Couldn't be checked: ${stopReason ?? "the check stopped."}` }),
    fatal: (error) => {
      const known = toKnownError(error);
      stopReason = known ? describeRemoveFailure(known, "check") : "TAP Desk could not get a token for Microsoft Graph.";
    },
    broken: (broken) => {
      for (const item of broken) end(item, { kind: "unknown", reason: "Couldn't be checked: TAP Desk could not read Graph's answer." });
    },
    changed: () => undefined,
  };
  const writer = new PacedBatchWriter<Item>(client, hooks, writerOptions(options));
  writer.add(items);
  try {
    await writer.run();
  } finally {
    for (const item of items) end(item, { kind: "unknown", reason: "Couldn't be checked." });
  }
  return new Map(items.map((item) => [item.target.key, item.state ?? { kind: "unknown", reason: "Couldn't be checked." }]));
}
