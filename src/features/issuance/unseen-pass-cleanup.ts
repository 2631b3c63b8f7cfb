import { GraphError } from "../../lib/graph/graph-error";
import { deleteTemporaryAccessPass, listTemporaryAccessPassMethods } from "../../lib/graph/operations";
import type { GraphClient, TemporaryAccessPassMethod } from "../../lib/graph/types";
import { classifyWriteFailure, toKnownError } from "../../domain/paced-writes/write-failure";
import type { Pacer } from "../../domain/paced-writes/pacing";
import type { Sleep } from "../../domain/sleep";

const CLEANUP_ATTEMPTS = 4;

/** What the clean-up's requests share with the run's writes: the pause, the service's waits, the quota. */
export interface CleanupGate {
  waitToStart(isWrite: boolean): Promise<void>;
  pacer: Pacer;
  sleep: Sleep;
  now: () => number;
}

/**
 * An attempt may have created a pass whose value nobody saw. Deletes every pass of the user created
 * since `since` (the caller allows for clock skew); true when none is left. Never called for a user
 * without an unanswered attempt, so a pass TAP Desk did not create is never touched.
 */
export async function removeUnseenPass(client: GraphClient, gate: CleanupGate, userKey: string, since: number): Promise<boolean> {
  let methods: TemporaryAccessPassMethod[];
  try {
    methods = await withRetries(gate, () => listTemporaryAccessPassMethods(client, userKey), false);
  } catch (error) {
    return error instanceof GraphError && error.status === 404;
  }
  for (const method of methods) {
    const created = Date.parse(method.createdDateTime);
    if (Number.isNaN(created)) return false;
    if (created < since) continue;
    try {
      await withRetries(gate, () => deleteTemporaryAccessPass(client, userKey, method.id), true);
    } catch (error) {
      if (!(error instanceof GraphError && error.status === 404)) return false;
    }
  }
  return true;
}

async function withRetries<T>(gate: CleanupGate, call: () => Promise<T>, isWrite: boolean): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    await gate.waitToStart(isWrite);
    try {
      return await call();
    } catch (error) {
      const known = toKnownError(error);
      if (!known) throw error;
      const failureClass = classifyWriteFailure(known);
      if (failureClass.kind === "permanent" || attempt >= CLEANUP_ATTEMPTS) throw error;
      if (failureClass.kind === "throttled") gate.pacer.noteThrottle(failureClass.retryAfterSeconds, gate.now());
      else await gate.sleep(gate.pacer.backoffMs(attempt));
    }
  }
}
