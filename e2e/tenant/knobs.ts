import type { Prng } from "./prng.ts";

export const faultKinds = ["500", "502", "503", "504", "429", "reset", "commitThenDrop"] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface LatencyKnob {
  /** Median added delay for GETs, in ms. */
  readMs: number;
  /** Median added delay for POST/PATCH/DELETE, in ms. */
  writeMs: number;
  /** Log-normal sigma; 0 = always exactly the median. */
  spread: number;
}

export interface QuotaKnob {
  capacity: number;
  refillPerSecond: number;
}

export interface FaultsKnob {
  /** Probability in [0, 1] that an eligible request gets a fault. */
  rate: number;
  kinds: FaultKind[];
  /** Also inject faults into Graph GETs (TAP writes always are eligible). */
  reads: boolean;
}

export interface BatchKnob {
  /** Added once per `$batch`, before its inner requests run (the gateway's unpacking and fan-out), ms. */
  overheadMs: number;
  /** Run inner requests one after another in the order given, instead of all at once. */
  serial: boolean;
}

export interface Knobs {
  latency: LatencyKnob;
  /** How a `$batch` costs time: see README "$batch". Graph documents neither (the default is free and parallel). */
  batch: BatchKnob;
  /** Write quota per app+tenant (token bucket); null = unlimited. */
  quota: QuotaKnob | null;
  faults: FaultsKnob;
  exposeRetryAfter: boolean;
  tokenLifetimeSeconds: number;
  rejectTokens: boolean;
  replaceMode: "replace" | "reject";
  /**
   * The app registration's manifest `groupMembershipClaims`. Only "DirectoryRole" and "All" put the
   * `wids` claim (active tenant-wide role template ids) in the ID token. The emulated app is
   * registered as the README tells admins to ("DirectoryRole"); "None" is a registration that skipped it.
   */
  groupMembershipClaims: GroupMembershipClaims;
}

export const groupMembershipClaimValues = ["None", "SecurityGroup", "DirectoryRole", "ApplicationGroup", "All"] as const;
export type GroupMembershipClaims = (typeof groupMembershipClaimValues)[number];

/** Entra's documented write quota: 3000 writes per 2 min 30 s per app+tenant. */
export const documentedQuota: QuotaKnob = { capacity: 3000, refillPerSecond: 20 };

export function defaultKnobs(): Knobs {
  return {
    latency: { readMs: 0, writeMs: 0, spread: 0.35 },
    batch: { overheadMs: 0, serial: false },
    quota: { ...documentedQuota },
    faults: { rate: 0, kinds: [], reads: false },
    exposeRetryAfter: false,
    tokenLifetimeSeconds: 3599,
    rejectTokens: false,
    replaceMode: "replace",
    groupMembershipClaims: "DirectoryRole",
  };
}

export class KnobError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new KnobError(`${name} must be a number between ${min} and ${max}`);
  }
  return value;
}

function bool(value: unknown, name: string): boolean {
  if (typeof value !== "boolean") throw new KnobError(`${name} must be a boolean`);
  return value;
}

/** Partial, validated merge of a JSON patch into knobs (unknown keys are rejected so typos surface). */
export function mergeKnobs(current: Knobs, patch: unknown): Knobs {
  if (!isRecord(patch)) throw new KnobError("knobs must be an object");
  const next: Knobs = structuredClone(current);
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case "latency": {
        if (!isRecord(value)) throw new KnobError("latency must be an object");
        for (const [k, v] of Object.entries(value)) {
          if (k === "readMs" || k === "writeMs") next.latency[k] = num(v, `latency.${k}`, 0, 120_000);
          else if (k === "spread") next.latency.spread = num(v, "latency.spread", 0, 3);
          else throw new KnobError(`unknown knob latency.${k}`);
        }
        break;
      }
      case "batch": {
        if (!isRecord(value)) throw new KnobError("batch must be an object");
        for (const [k, v] of Object.entries(value)) {
          if (k === "overheadMs") next.batch.overheadMs = num(v, "batch.overheadMs", 0, 120_000);
          else if (k === "serial") next.batch.serial = bool(v, "batch.serial");
          else throw new KnobError(`unknown knob batch.${k}`);
        }
        break;
      }
      case "quota": {
        if (value === null) {
          next.quota = null;
          break;
        }
        if (!isRecord(value)) throw new KnobError("quota must be an object or null");
        const base = next.quota ?? { ...documentedQuota };
        for (const [k, v] of Object.entries(value)) {
          if (k === "capacity") base.capacity = num(v, "quota.capacity", 1, 1e9);
          else if (k === "refillPerSecond") base.refillPerSecond = num(v, "quota.refillPerSecond", 0.001, 1e9);
          else throw new KnobError(`unknown knob quota.${k}`);
        }
        next.quota = base;
        break;
      }
      case "faults": {
        if (!isRecord(value)) throw new KnobError("faults must be an object");
        for (const [k, v] of Object.entries(value)) {
          if (k === "rate") next.faults.rate = num(v, "faults.rate", 0, 1);
          else if (k === "reads") next.faults.reads = bool(v, "faults.reads");
          else if (k === "kinds") {
            if (!Array.isArray(v) || !v.every((x): x is FaultKind => (faultKinds as readonly unknown[]).includes(x))) {
              throw new KnobError(`faults.kinds must be a list of ${faultKinds.join(", ")}`);
            }
            next.faults.kinds = [...v];
          } else throw new KnobError(`unknown knob faults.${k}`);
        }
        break;
      }
      case "exposeRetryAfter":
        next.exposeRetryAfter = bool(value, key);
        break;
      case "rejectTokens":
        next.rejectTokens = bool(value, key);
        break;
      case "tokenLifetimeSeconds":
        next.tokenLifetimeSeconds = num(value, key, 1, 86_400);
        break;
      case "replaceMode":
        if (value !== "replace" && value !== "reject") throw new KnobError('replaceMode must be "replace" or "reject"');
        next.replaceMode = value;
        break;
      case "groupMembershipClaims": {
        const known = groupMembershipClaimValues.find((v) => v === value);
        if (known === undefined) throw new KnobError(`groupMembershipClaims must be one of ${groupMembershipClaimValues.join(", ")}`);
        next.groupMembershipClaims = known;
        break;
      }
      default:
        throw new KnobError(`unknown knob ${key}`);
    }
  }
  if (next.faults.rate > 0 && next.faults.kinds.length === 0) {
    next.faults.kinds = ["500", "503", "429"];
  }
  return next;
}

/** Connection-level faults need `Connection: close`, or Chromium silently resends on a reused socket. */
export function hasConnectionFaults(knobs: Knobs): boolean {
  return knobs.faults.rate > 0 && knobs.faults.kinds.some((k) => k === "reset" || k === "commitThenDrop");
}

/** Log-normal-ish delay around the median. */
export function sampleLatency(medianMs: number, spread: number, prng: Prng): number {
  if (medianMs <= 0) return 0;
  return Math.max(0, Math.round(medianMs * Math.exp(spread * prng.normal())));
}

export function pickFault(faults: FaultsKnob, prng: Prng): FaultKind | null {
  if (faults.rate <= 0 || faults.kinds.length === 0) return null;
  if (prng.next() >= faults.rate) return null;
  return prng.pick(faults.kinds);
}

/** Continuous-refill token bucket; `take` answers how long to wait when empty. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  constructor(
    private readonly config: QuotaKnob,
    now: number,
  ) {
    this.tokens = config.capacity;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.config.capacity, this.tokens + elapsed * this.config.refillPerSecond);
    this.updatedAt = now;
  }

  /** Takes one token, or returns the seconds until one is available. */
  take(now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const seconds = (1 - this.tokens) / this.config.refillPerSecond;
    return { ok: false, retryAfterSeconds: Math.max(0.001, Math.ceil(seconds * 1000) / 1000) };
  }

  remaining(now: number): number {
    this.refill(now);
    return this.tokens;
  }
}
