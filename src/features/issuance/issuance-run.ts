import { GraphError } from "../../lib/graph/graph-error";
import { buildCreateTapBatchRequest } from "../../lib/graph/operations";
import { headerValue } from "../../lib/graph/parse-error";
import { readCreatedPass } from "../../lib/graph/response-shapes";
import type { GraphClient } from "../../lib/graph/types";
import { userPath } from "../../lib/graph/user-key";
import type { PolicyRefusal, RowOutcome } from "../../lib/tap/run-types";
import { describeCreateFailure, isPolicyBadRequest } from "./classify-failure";
import { settingsFrom, type IssuanceOptions, type IssuanceSettings } from "./issuance-options";
import type { IssuanceRun, IssuanceSnapshot, IssueTarget, ReissueChange, RowView, RunStatus } from "./issuance-types";
import { failureDetails, issuedPass, PolicyLearner, refusalReason, shouldCleanUpAndResend, type FailureDetails } from "./outcome-policy";
import {
  newWriteState,
  PacedBatchWriter,
  type WriteAnswer,
  type WriteItem,
  type WriterHooks,
} from "../../domain/paced-writes/paced-batch-writer";
import { RunProgress } from "./run-progress";
import { removeUnseenPass } from "./unseen-pass-cleanup";

export type { IssuanceOptions } from "./issuance-options";

/*
 * The run: one row per target, each ending in exactly one outcome. The PacedBatchWriter sends the
 * creates (pacing, resends); the outcome policy says what each answer means for its row; this file
 * holds the rows' state, pause/resume/cancel, stopping when nothing can succeed, and publishes
 * snapshots. A create that may have run without us seeing the pass (lost answer, 5xx, timeout) is
 * "ambiguous": resending is safe because a new pass replaces the old one; if the row gives up instead,
 * the passes created since that attempt are deleted, so nobody holds a pass whose value nobody saw.
 */

interface RowRuntime extends WriteItem {
  index: number;
  target: IssueTarget;
  /** Whether a refusal after an unanswered attempt already got its one clean-up-and-resend. */
  conflictResent: boolean;
  done: boolean;
}

/**
 * Issues a pass to every target through `$batch`, paced to the tenant's write quota, and ends every
 * row in exactly one outcome. Starts at once; subscribe for progress.
 */
export function startIssuanceRun(client: GraphClient, targets: readonly IssueTarget[], options: IssuanceOptions = {}): IssuanceRun {
  return new IssuanceEngine(client, targets, options);
}

class IssuanceEngine implements IssuanceRun {
  readonly finished: Promise<IssuanceSnapshot>;

  private readonly settings: IssuanceSettings;
  private readonly rows: RowRuntime[];
  private readonly writer: PacedBatchWriter<RowRuntime>;
  private readonly progress: RunProgress;
  /** What Entra's refusals taught this run; creates that would be refused the same way are not sent. */
  private readonly learner: PolicyLearner;

  private status: RunStatus = "running";
  private cancelRequested = false;
  private stopReason: string | null = null;
  private stopDetails: Omit<FailureDetails, "reason"> = {};
  private finishedAt: number | null = null;
  private resolveFinished!: (snapshot: IssuanceSnapshot) => void;

  constructor(
    private readonly client: GraphClient,
    targets: readonly IssueTarget[],
    private readonly options: IssuanceOptions,
  ) {
    this.settings = settingsFrom(options);
    this.learner = new PolicyLearner(options.learned);
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.writer = new PacedBatchWriter(client, this.writerHooks, this.settings);

    const rowIds = new Set<string>();
    this.rows = targets.map((target, index) => {
      if (rowIds.has(target.rowId)) throw new Error(`Duplicate rowId "${target.rowId}".`);
      rowIds.add(target.rowId);
      return { index, target, write: newWriteState(), conflictResent: false, done: false };
    });
    this.progress = new RunProgress(
      this.rows.map((row) => row.target),
      this.settings,
      () => this.snapshotState(),
    );

    const fresh: RowRuntime[] = [];
    const firstRowForUser = new Map<string, RowRuntime>();
    for (const row of this.rows) {
      try {
        userPath(row.target.userKey);
      } catch {
        this.finishRow(row, { kind: "failed", reason: "The user identifier isn't valid.", code: "invalidUserKey" });
        continue;
      }
      const userKey = row.target.userKey.toLowerCase();
      const first = firstRowForUser.get(userKey);
      if (first) {
        // A second create would replace the first pass and leave its value useless.
        this.finishRow(row, {
          kind: "skipped",
          reason: `Same user as "${first.target.displayLabel}"; a second pass would replace the first.`,
        });
        continue;
      }
      firstRowForUser.set(userKey, row);
      if (this.endIfRefusedAhead(row)) continue;
      fresh.push(row);
    }
    this.writer.add(fresh);
    this.progress.refresh();
    void this.writer
      .run()
      .then(() => this.finish())
      .catch((error: unknown) => this.abortOnBug(error));
  }

  // ---- public API -------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => this.progress.subscribe(listener);

  getSnapshot = (): IssuanceSnapshot => this.progress.snapshot;

  pause(): void {
    if (this.finishedAt !== null || this.writer.stopped || this.writer.paused) return;
    this.writer.pause();
    this.status = "paused";
    this.changed(true);
  }

  resume(): void {
    if (!this.writer.paused) return;
    this.writer.resume();
    if (!this.writer.stopped && this.finishedAt === null) this.status = "running";
    this.changed(true);
  }

  cancel(): void {
    if (this.finishedAt !== null || this.cancelRequested) return;
    this.cancelRequested = true;
    if (this.stopReason === null) this.status = "cancelling";
    this.writer.stop();
    this.changed(true);
  }

  retryFailed(): IssuanceRun {
    if (this.finishedAt === null) throw new Error("Retry the failed rows only after the run has finished.");
    const failed = this.rows.filter((row) => this.progress.outcomeOf(row.index)?.kind === "failed").map((row) => row.target);
    // The learned range is Entra's own statement; the one-time guess is not, so "retry" sends rows as asked.
    const learned = { lifetimeRange: this.learner.current.lifetimeRange, forcesOneTime: false };
    return new IssuanceEngine(this.client, failed, { ...this.options, learned });
  }

  reissueRefused(change: ReissueChange): IssuanceRun {
    if (this.finishedAt === null) throw new Error("Re-issue only after the run has finished.");
    const targets: IssueTarget[] = [];
    for (const row of this.rows) {
      const outcome = this.progress.outcomeOf(row.index);
      if (outcome?.kind !== "failed" || !outcome.policyRefusal) continue;
      const body = { ...row.target.body };
      if (change.lifetimeInMinutes !== undefined && this.learner.lifetimeRefused(body.lifetimeInMinutes, outcome.policyRefusal)) {
        body.lifetimeInMinutes = change.lifetimeInMinutes;
      }
      if (change.isUsableOnce === true && body.isUsableOnce === false) body.isUsableOnce = true;
      targets.push({ ...row.target, body });
    }
    return new IssuanceEngine(this.client, targets, { ...this.options, learned: this.learner.current });
  }

  // ---- what the writer reports ------------------------------------------------------------

  private readonly writerHooks: WriterHooks<RowRuntime> = {
    request: (row, id) => buildCreateTapBatchRequest(id, row.target.userKey, row.target.body),
    checkAccepted: (_row, response) => {
      const pass = readCreatedPass(response);
      return pass instanceof GraphError ? pass : null;
    },
    describe: (row, error) => describeCreateFailure(error, row.target.body),
    sending: (row) => this.updateView(row, { phase: "sending", attempts: row.write.attempts }),
    retrying: (row, problem) => this.updateView(row, { phase: "retrying", lastProblem: problem }),
    mayResend: (row) => row.write.firstAmbiguousAt !== null || !this.endIfRefusedAhead(row),
    settled: (row, answer) => this.settle(row, answer),
    unsent: (row) => this.stopRow(row),
    fatal: (error) => this.stopRun(error),
    broken: (rows, error) => {
      const reason = `Internal error: ${error instanceof Error ? error.message : "unknown"}`;
      for (const row of rows) if (!row.done) this.finishRow(row, { kind: "failed", reason });
    },
    changed: () => this.changed(),
  };

  private settle(row: RowRuntime, answer: WriteAnswer): void {
    if (answer.kind === "accepted") {
      const pass = readCreatedPass(answer.response);
      // checkAccepted let only answers with a pass value through; anything else is a bug here.
      if (pass instanceof GraphError) throw pass;
      this.settings.vault.put(issuedPass(row.target, pass));
      // Entra accepted a multi-use pass: the guess that the tenant forces one-time use was wrong.
      this.learner.noteAccepted(row.target.body);
      // Kept for the receipt: the id support needs to trace this create in Entra's logs.
      const requestId = headerValue(answer.response.headers, "request-id");
      return this.finishRow(row, requestId ? { kind: "issued", requestId } : { kind: "issued" });
    }
    const { error, failureClass } = answer;
    const reason = describeCreateFailure(error, row.target.body);
    if (failureClass.kind === "permanent") {
      const { write } = row;
      const resend = shouldCleanUpAndResend(error, {
        ambiguous: write.firstAmbiguousAt !== null,
        alreadyResent: row.conflictResent,
        failures: write.attempts - write.throttledAttempts,
        maxAttempts: this.settings.maxAttempts,
      });
      if (resend) {
        row.conflictResent = true;
        void this.cleanUp(row, failureDetails(error, reason), true);
        return;
      }
      let refusal: PolicyRefusal | undefined;
      if (error instanceof GraphError && isPolicyBadRequest(error)) {
        const learned = this.learner.learnFromRefusal(row.target.body, error);
        // After learning something, queued rows that would be refused the same way end now, unsent.
        if (learned.changed) this.sweepQueue();
        refusal = learned.refusal;
      }
      return this.giveUp(row, failureDetails(error, refusalReason(refusal, reason), refusal));
    }
    this.giveUp(row, failureDetails(error, reason));
  }

  /** Ends a row that has not been sent (again) when Entra would refuse it the way it refused another. */
  private endIfRefusedAhead(row: RowRuntime): boolean {
    const ahead = this.learner.refusalAhead(row.target.body);
    if (!ahead) return false;
    this.finishRow(row, { kind: "failed", reason: ahead.reason, policyRefusal: ahead.refusal });
    return true;
  }

  private sweepQueue(): void {
    this.writer.removeQueued((row) => row.write.firstAmbiguousAt === null && this.endIfRefusedAhead(row));
    this.changed();
  }

  private giveUp(row: RowRuntime, failure: FailureDetails): void {
    if (row.write.firstAmbiguousAt !== null) {
      void this.cleanUp(row, failure);
      return;
    }
    this.finishRow(row, { kind: "failed", ...failure });
  }

  /** Ends a row that is not in flight because the run was cancelled or stopped. */
  private stopRow(row: RowRuntime): void {
    if (row.done) return;
    const failure: FailureDetails =
      this.stopReason !== null
        ? { reason: `Not issued: ${this.stopReason}`, ...this.stopDetails }
        : { reason: "Cancelled before issuing." };
    if (row.write.firstAmbiguousAt !== null) {
      void this.cleanUp(row, this.stopReason !== null ? failure : { reason: "Cancelled after an unanswered attempt." });
      return;
    }
    if (this.stopReason !== null) this.finishRow(row, { kind: "failed", ...failure });
    else this.finishRow(row, { kind: "skipped", reason: failure.reason });
  }

  /** No further request can succeed (sign-in lost, permission refused, no token): every row left fails. */
  private stopRun(failure: unknown): void {
    if (this.stopReason !== null) return;
    if (failure instanceof GraphError) {
      this.stopReason =
        failure.status === 401
          ? describeCreateFailure(failure)
          : `Microsoft Graph refused every request (${failure.status} ${failure.code}): ${failure.message}`;
      const { reason: _reason, ...details } = failureDetails(failure, "");
      this.stopDetails = details;
    } else {
      const detail = failure instanceof Error ? failure.message : String(failure);
      this.stopReason = `Requests could not be sent (${detail}). Sign in again, then retry the failed rows.`;
    }
    this.status = "stopped";
  }

  /**
   * An attempt may have created a pass whose value we never saw. Rather than leave it, delete every
   * pass created since that attempt (allowing for clock skew); never touches rows without one.
   */
  private async cleanUp(row: RowRuntime, failure: FailureDetails, resendIfClean = false): Promise<void> {
    const release = this.writer.hold();
    this.updateView(row, { phase: "cleaning" });
    this.changed();
    let clean = false;
    try {
      const since = (row.write.firstAmbiguousAt ?? 0) - this.settings.cleanupSkewMs;
      const gate = { waitToStart: (isWrite: boolean) => this.writer.waitToStart(isWrite), pacer: this.writer.pacer, ...this.settings };
      clean = await removeUnseenPass(this.client, gate, row.target.userKey, since);
    } catch {
      clean = false;
    } finally {
      release();
      if (clean && resendIfClean) {
        row.write.firstAmbiguousAt = null;
        this.writer.resend(row, this.settings.now(), failure.reason);
      } else {
        const reason = clean
          ? `${failure.reason} No pass was left on the account.`
          : `${failure.reason} This user may hold a pass nobody has seen: check their authentication methods in Entra and delete it.`;
        this.finishRow(row, { kind: "failed", ...failure, reason });
      }
      this.changed();
    }
  }

  // ---- state and snapshots ----------------------------------------------------------------

  private finishRow(row: RowRuntime, outcome: RowOutcome): void {
    if (row.done) return;
    row.done = true;
    this.updateView(row, { phase: "done", outcome, lastProblem: null });
    this.progress.noteFinished(outcome.kind === "issued");
  }

  private updateView(row: RowRuntime, change: Partial<Omit<RowView, "rowId" | "displayLabel">>): void {
    this.progress.updateRow(row.index, change);
  }

  /** Wakes the writer and schedules a snapshot; `immediate` for state the user just asked for. */
  private changed(immediate = false): void {
    this.writer.wake();
    if (this.finishedAt === null) this.progress.changed(immediate);
  }

  private snapshotState() {
    return {
      status: this.status,
      throttle: this.writer.pacer.state(this.settings.now()),
      stopReason: this.stopReason,
      learned: this.learner.current,
      finishedAt: this.finishedAt,
    };
  }

  private finish(): void {
    this.finishedAt = this.settings.now();
    this.status = this.stopReason !== null ? "stopped" : this.cancelRequested ? "cancelled" : "completed";
    this.progress.publishNow();
    this.resolveFinished(this.progress.snapshot);
  }

  private abortOnBug(error: unknown): void {
    const reason = `Internal error: ${error instanceof Error ? error.message : "unknown"}`;
    for (const row of this.rows) if (!row.done) this.finishRow(row, { kind: "failed", reason });
    this.stopReason ??= reason;
    this.finish();
  }
}
