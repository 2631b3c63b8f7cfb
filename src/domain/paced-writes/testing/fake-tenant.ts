import { GraphError, GraphNetworkError } from "../../../lib/graph/graph-error";
import type { BatchRequest, BatchResponse, GraphClient, GraphRequestOptions, TemporaryAccessPassMethod } from "../../../lib/graph/types";
import type { FakeClock } from "./fake-clock";

/** What happens to one create inside a batch. `commit`: the pass is created before the failure. */
export type InnerFault =
  | { kind: "status"; status: number; code?: string; message?: string; headers?: Record<string, string>; commit?: boolean }
  | { kind: "no-value" };

/** What happens to a whole $batch call. */
export type BatchFault =
  | { kind: "outer"; status: number; code?: string; message?: string; retryAfter?: number | null }
  | { kind: "network"; commit: boolean }
  | { kind: "throw"; error: unknown };

export interface FakeTenantOptions {
  clock: FakeClock;
  latencyMs?: number | ((batchIndex: number) => number);
  batchFault?: (context: { batchIndex: number; requests: BatchRequest[]; now: number }) => BatchFault | undefined;
  /** For writes (creates and DELETEs) inside a batch; `method` tells which. Reads (GET) are never faulted here. */
  innerFault?: (context: { userKey: string; attempt: number; batchIndex: number; now: number; method: string }) => InnerFault | undefined;
  /**
   * The service's write quota: `capacity` writes at once, then `perSecond`; over it, inner 429 with a
   * Retry-After until the next write would fit.
   */
  quota?: { capacity: number; perSecond: number };
  /**
   * Each write inside a batch takes its own time (ms) and only then counts against the quota, as in
   * the emulator (e2e/tenant: latency, then the token bucket, per inner request); the batch answers
   * when its slowest request has. Without it, a batch's writes are counted the moment it arrives.
   */
  innerLatencyMs?: () => number;
  /** "reject": like the emulator's optional mode, refuse to create while the user holds a pass. */
  replaceMode?: "replace" | "reject";
  /**
   * The tenant's TAP policy as Entra enforces it on create: a lifetime outside min–max gets Graph's
   * documented range answer; a multi-use pass where one-time is forced gets a 400 badRequest whose
   * wording is deliberately not Entra's (it isn't documented; nothing may key on it).
   */
  policy?: { minLifetime: number; maxLifetime: number; forcesOneTime?: boolean; defaultLifetime?: number };
  /** Faults for direct (non-batch) calls: the cleanup's GET and DELETE. */
  requestFault?: (context: { method: string; path: string; call: number }) => Error | undefined;
}

interface StoredPass {
  id: string;
  value: string;
  createdDateTime: string;
}

/**
 * Entra's write quota as the fake service enforces it, modelled independently of the engine's
 * TokenBucket (so a bug there can't hide in the tests): the generic cell rate algorithm. Writes are
 * due one every `intervalMs`; up to `capacity` of them may come early.
 */
class ServiceQuota {
  private readonly intervalMs: number;
  private readonly earlyMs: number;
  /** When the next write would be due if every write so far had come exactly on time. */
  private nextDue: number;

  constructor(capacity: number, perSecond: number, now: number) {
    this.intervalMs = 1000 / perSecond;
    this.earlyMs = (capacity - 1) * this.intervalMs;
    this.nextDue = now;
  }

  /** Counts a write at `now` and returns 0, or returns how many ms until it would be within the quota. */
  admit(now: number): number {
    const tooEarlyBy = this.nextDue - this.earlyMs - now;
    if (tooEarlyBy > 0) return tooEarlyBy;
    this.nextDue = Math.max(this.nextDue, now) + this.intervalMs;
    return 0;
  }
}

const TAP_PATH = /^\/users\/([^/]+)\/authentication\/temporaryAccessPassMethods(?:\/([^/]+))?$/;

/**
 * A Graph client over an in-memory tenant that follows the documented TAP rules (one pass per
 * user; a new one replaces the old) and injects scripted faults. Records every call with its time.
 */
export class FakeTenant implements GraphClient {
  readonly passes = new Map<string, StoredPass>();
  readonly batches: Array<{ at: number; requests: BatchRequest[] }> = [];
  readonly directCalls: Array<{ at: number; method: string; path: string }> = [];
  /** Time of every write that reached the tenant (create POSTs, DELETEs), committed or not. */
  readonly writeTimes: number[] = [];
  readonly attemptsByUser = new Map<string, number>();
  private passCounter = 0;
  private readonly quota: ServiceQuota | null;

  constructor(private readonly options: FakeTenantOptions) {
    const { quota } = options;
    this.quota = quota ? new ServiceQuota(quota.capacity, quota.perSecond, options.clock.now()) : null;
  }

  get createRequests(): number {
    return this.batches.reduce((sum, batch) => sum + batch.requests.length, 0);
  }

  async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
    const { clock } = this.options;
    const batchIndex = this.batches.length;
    const now = clock.now();
    this.batches.push({ at: now, requests });
    if (requests.length > 20) throw new Error("more than 20 requests in a batch");
    const fault = this.options.batchFault?.({ batchIndex, requests, now });
    const latency = typeof this.options.latencyMs === "function" ? this.options.latencyMs(batchIndex) : (this.options.latencyMs ?? 500);

    if (fault?.kind === "throw") {
      await clock.sleep(latency);
      throw fault.error;
    }
    if (fault?.kind === "outer") {
      await clock.sleep(latency);
      throw new GraphError({
        status: fault.status,
        code: fault.code ?? (fault.status === 429 ? "TooManyRequests" : "serviceNotAvailable"),
        message: fault.message ?? "outer failure",
        retryAfter: fault.retryAfter ?? null,
        requestId: `outer-${batchIndex}`,
      });
    }
    for (const request of requests) if (request.method !== "GET") this.writeTimes.push(now);
    if (fault?.kind === "network") {
      if (fault.commit) for (const request of requests) this.commit(this.target(request));
      await clock.sleep(latency);
      throw new GraphNetworkError("connection reset", { reason: "network", ambiguous: true });
    }
    const { innerLatencyMs } = this.options;
    if (innerLatencyMs) {
      const timed = requests.map((request, index) => ({ request, index, after: innerLatencyMs() }));
      const answers: BatchResponse[] = [];
      for (const { request, after } of [...timed].sort((a, b) => a.after - b.after || a.index - b.index)) {
        await clock.sleep(now + after - clock.now());
        answers.push(this.answer(request, batchIndex, clock.now()));
      }
      return answers;
    }
    const responses = requests.map((request) => this.answer(request, batchIndex, now));
    await clock.sleep(latency);
    // Graph may answer in any order.
    return responses.reverse();
  }

  async request<T>(path: string, options: GraphRequestOptions = {}): Promise<T> {
    const method = options.method ?? "GET";
    const now = this.options.clock.now();
    this.directCalls.push({ at: now, method, path });
    const fault = this.options.requestFault?.({ method, path, call: this.directCalls.length });
    await this.options.clock.sleep(50);
    if (fault) throw fault;
    const match = TAP_PATH.exec(path);
    if (!match) throw new GraphError({ status: 400, code: "Request_BadRequest", message: `unexpected ${method} ${path}` });
    const userKey = decodeURIComponent(match[1]!);
    const stored = this.passes.get(userKey);
    if (method === "GET" && !match[2]) {
      return { value: stored ? [this.view(stored, false)] : [] } as T;
    }
    if (method === "DELETE" && match[2]) {
      this.writeTimes.push(now);
      if (!stored || stored.id !== decodeURIComponent(match[2])) {
        throw new GraphError({ status: 404, code: "itemNotFound", message: "not found" });
      }
      this.passes.delete(userKey);
      return undefined as T;
    }
    throw new GraphError({ status: 405, code: "Request_BadRequest", message: `unexpected ${method} ${path}` });
  }

  /** Gives a user a pass as if someone issued one outside this run (e.g. another admin replacing it). */
  givePass(userKey: string): { id: string } {
    return { id: this.create(userKey).id };
  }

  private target(request: BatchRequest): { method: string; userKey: string; methodId: string | null } {
    const match = TAP_PATH.exec(request.url);
    const ok =
      match &&
      ((request.method === "POST" && !match[2]) || (request.method === "GET" && !match[2]) || (request.method === "DELETE" && match[2]));
    if (!match || !ok) throw new Error(`unexpected batch request ${request.method} ${request.url}`);
    return { method: request.method, userKey: decodeURIComponent(match[1]!), methodId: match[2] ? decodeURIComponent(match[2]) : null };
  }

  /** What a write does to the tenant when it commits. */
  private commit(target: { method: string; userKey: string; methodId: string | null }): void {
    if (target.method === "POST") this.create(target.userKey);
    else if (target.method === "DELETE" && this.passes.get(target.userKey)?.id === target.methodId) this.passes.delete(target.userKey);
  }

  private answer(request: BatchRequest, batchIndex: number, now: number): BatchResponse {
    const target = this.target(request);
    const { userKey } = target;
    if (target.method === "GET") {
      const stored = this.passes.get(userKey);
      return { id: request.id, status: 200, headers: {}, body: { value: stored ? [this.view(stored, false)] : [] } };
    }
    if (this.quota) {
      const wait = this.quota.admit(now);
      if (wait > 0) {
        return {
          id: request.id,
          status: 429,
          headers: { "Retry-After": (wait / 1000).toFixed(3) },
          body: { error: { code: "TooManyRequests", message: "Please retry again later." } },
        };
      }
    }
    const attempt = (this.attemptsByUser.get(userKey) ?? 0) + 1;
    this.attemptsByUser.set(userKey, attempt);
    const fault = this.options.innerFault?.({ userKey, attempt, batchIndex, now, method: target.method });
    if (target.method === "DELETE") {
      if (fault?.kind === "status") {
        if (fault.commit) this.commit(target);
        return this.faultAnswer(request, batchIndex, fault);
      }
      const stored = this.passes.get(userKey);
      if (!stored || stored.id !== target.methodId) {
        return { id: request.id, status: 404, headers: {}, body: { error: { code: "itemNotFound", message: "not found" } } };
      }
      this.passes.delete(userKey);
      return { id: request.id, status: 204, headers: {}, body: null };
    }
    if (fault?.kind === "no-value") {
      const stored = this.create(userKey);
      return { id: request.id, status: 201, headers: {}, body: this.view(stored, false) };
    }
    if (fault?.kind === "status") {
      if (fault.commit) this.create(userKey);
      return this.faultAnswer(request, batchIndex, fault);
    }
    const refusal = this.policyRefusal(request);
    if (refusal) return { id: request.id, status: 400, headers: {}, body: { error: { code: "badRequest", ...refusal } } };
    if (this.options.replaceMode === "reject" && this.passes.has(userKey)) {
      return {
        id: request.id,
        status: 400,
        headers: {},
        body: { error: { code: "badRequest", message: "A Temporary Access Pass already exists for this user." } },
      };
    }
    const stored = this.create(userKey);
    return { id: request.id, status: 201, headers: { "content-type": "application/json" }, body: this.view(stored, true) };
  }

  private faultAnswer(request: BatchRequest, batchIndex: number, fault: Extract<InnerFault, { kind: "status" }>): BatchResponse {
    return {
      id: request.id,
      status: fault.status,
      headers: fault.headers ?? {},
      body: {
        error: {
          code: fault.code ?? "generalException",
          message: fault.message ?? "scripted failure",
          innerError: { "request-id": `req-${batchIndex}-${request.id}` },
        },
      },
    };
  }

  private policyRefusal(request: BatchRequest): { message: string; innerError: Record<string, string> } | null {
    const policy = this.options.policy;
    if (!policy) return null;
    const body = (request.body ?? {}) as { lifetimeInMinutes?: number; isUsableOnce?: boolean };
    const lifetime = body.lifetimeInMinutes ?? policy.defaultLifetime ?? policy.minLifetime;
    if (lifetime < policy.minLifetime || lifetime > policy.maxLifetime) {
      const message = `Invalid LifetimeInMinutes specified. The valid range between ${policy.minLifetime} and ${policy.maxLifetime}.`;
      return { message, innerError: { message, "request-id": "req-range" } };
    }
    if (policy.forcesOneTime && body.isUsableOnce === false) {
      return { message: "fake tenant: refused (wording unknown)", innerError: { "request-id": "req-once" } };
    }
    return null;
  }

  private create(userKey: string): StoredPass {
    this.passCounter += 1;
    const stored: StoredPass = {
      id: `pass-${this.passCounter}`,
      value: `V${this.passCounter}!`,
      createdDateTime: new Date(this.options.clock.now()).toISOString(),
    };
    this.passes.set(userKey, stored);
    return stored;
  }

  private view(stored: StoredPass, withValue: boolean): TemporaryAccessPassMethod {
    return {
      id: stored.id,
      temporaryAccessPass: withValue ? stored.value : null,
      createdDateTime: stored.createdDateTime,
      startDateTime: stored.createdDateTime,
      lifetimeInMinutes: 60,
      isUsableOnce: false,
      isUsable: true,
      methodUsabilityReason: "EnabledByPolicy",
    };
  }
}
