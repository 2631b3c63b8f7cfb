import type { LearnedPolicy, RowOutcome } from "../../lib/tap/run-types";
import type { IssuanceSnapshot, IssueTarget, RowPhase, RowView, RunCounts, RunStatus, ThrottleState } from "./issuance-types";
import type { Sleep } from "../../domain/sleep";

/** The run's state that the rows don't hold, read whenever a snapshot is built. */
export interface RunState {
  status: RunStatus;
  throttle: ThrottleState;
  stopReason: string | null;
  learned: LearnedPolicy;
  finishedAt: number | null;
}

function countKey(view: RowView): keyof Omit<RunCounts, "total"> {
  switch (view.phase) {
    case "queued":
    case "retrying":
      return "queued";
    case "sending":
    case "cleaning":
      return "inFlight";
    case "done":
      return view.outcome?.kind ?? "failed";
  }
}

/**
 * The rows as the UI sees them, their counts and the recent pace; publishes an immutable snapshot to
 * subscribers, at most every `notifyIntervalMs` unless asked to at once.
 */
export class RunProgress {
  snapshot: IssuanceSnapshot;
  private readonly views: RowView[];
  private readonly counts: RunCounts;
  private readonly startedAt: number;
  /** Finish times (and whether issued) for the progress rate; monotonic, trimmed from the front. */
  private readonly completions: Array<{ at: number; issued: boolean }> = [];
  private completionsHead = 0;
  private readonly listeners = new Set<() => void>();
  private dirty = false;
  private publishScheduled = false;
  private lastPublishAt = Number.NEGATIVE_INFINITY;

  constructor(
    targets: readonly IssueTarget[],
    private readonly settings: { now: () => number; sleep: Sleep; notifyIntervalMs: number; rateWindowMs: number },
    private readonly runState: () => RunState,
  ) {
    this.startedAt = settings.now();
    this.views = targets.map((target) => ({
      rowId: target.rowId,
      displayLabel: target.displayLabel,
      phase: "queued" as RowPhase,
      attempts: 0,
      lastProblem: null,
      outcome: null,
    }));
    this.counts = { total: targets.length, queued: targets.length, inFlight: 0, issued: 0, failed: 0, skipped: 0 };
    this.snapshot = this.build();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  outcomeOf(index: number): RowOutcome | null | undefined {
    return this.views[index]?.outcome;
  }

  updateRow(index: number, change: Partial<Omit<RowView, "rowId" | "displayLabel">>): void {
    const before = this.views[index];
    if (!before) return;
    const after: RowView = { ...before, ...change };
    this.counts[countKey(before)] -= 1;
    this.counts[countKey(after)] += 1;
    this.views[index] = after;
    this.dirty = true;
  }

  noteFinished(issued: boolean): void {
    this.completions.push({ at: this.settings.now(), issued });
  }

  /** Rebuilds the snapshot without notifying (nobody can have subscribed yet). */
  refresh(): void {
    this.snapshot = this.build();
  }

  /** Schedules a snapshot; `immediate` for state the user just asked for. */
  changed(immediate: boolean): void {
    this.dirty = true;
    const now = this.settings.now();
    if (immediate || now - this.lastPublishAt >= this.settings.notifyIntervalMs) {
      this.publishNow();
      return;
    }
    if (this.publishScheduled) return;
    this.publishScheduled = true;
    void this.settings.sleep(this.lastPublishAt + this.settings.notifyIntervalMs - now).then(() => {
      this.publishScheduled = false;
      if (this.dirty && this.runState().finishedAt === null) this.publishNow();
    });
  }

  publishNow(): void {
    this.dirty = false;
    this.lastPublishAt = this.settings.now();
    this.snapshot = this.build();
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A failing subscriber must not break the run.
      }
    }
  }

  private build(): IssuanceSnapshot {
    const now = this.settings.now();
    const { rateWindowMs } = this.settings;
    const windowStart = now - rateWindowMs;
    while (this.completionsHead < this.completions.length && (this.completions[this.completionsHead]?.at ?? 0) < windowStart) {
      this.completionsHead += 1;
    }
    const seconds = Math.max(1, Math.min(now - this.startedAt, rateWindowMs) / 1000);
    let issued = 0;
    for (let index = this.completionsHead; index < this.completions.length; index += 1) {
      if (this.completions[index]?.issued) issued += 1;
    }
    const finishedPerSecond = (this.completions.length - this.completionsHead) / seconds;
    const remaining = this.counts.queued + this.counts.inFlight;
    return {
      ...this.runState(),
      counts: { ...this.counts },
      rows: Object.freeze([...this.views]),
      passesPerSecond: issued / seconds,
      etaSeconds: remaining === 0 ? 0 : finishedPerSecond > 0 ? remaining / finishedPerSecond : null,
      startedAt: this.startedAt,
    };
  }
}
