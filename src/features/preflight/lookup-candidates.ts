import { abortReason, sleep as realSleep, type Sleep } from "../../domain/sleep";
import { batchResponseError } from "../../lib/graph/batch";
import { GraphError, GraphResponseShapeError, UNEXPECTED_ANSWER_CODE } from "../../lib/graph/graph-error";
import { headerValue } from "../../lib/graph/parse-error";
import {
  type Shape,
  check,
  collectionShape,
  directoryRoleShape,
  directoryUserShape,
  managerRefShape,
  temporaryAccessPassMethodShape,
} from "../../lib/graph/response-shapes";
import type { IssuerCapability } from "../../lib/directory-roles";
import {
  buildGetManagerBatchRequest,
  buildGetUserBatchRequest,
  buildListTapMethodsBatchRequest,
  buildListUserDirectoryRolesBatchRequest,
} from "../../lib/graph/operations";
import { collectPages } from "../../lib/graph/paging";
import type { BatchRequest, BatchResponse, DirectoryRole, DirectoryUser, GraphClient, ManagerRef } from "../../lib/graph/types";
import type { Candidate } from "../../lib/tap/run-types";
import type { CandidateLookup, Lookup, LookupFailure, PassSummarySource, PreflightProgress, PreflightResult } from "./preflight-types";
import { type BackoffOptions, isAbort, isTransientStatus, retryDelayMs, withRetry } from "./retry";
import { decideVerdictsInSlices } from "./verdicts";

export interface LookupOptions extends BackoffOptions {
  signal?: AbortSignal;
  onProgress?: (progress: PreflightProgress) => void;
  /** Batches in flight at once (default `CHECK_CONCURRENCY`). */
  concurrency?: number;
  /** Attempts per batch and per inner request, including the first (default 5). */
  maxAttempts?: number;
  sleep?: Sleep;
  /** Least time between two progress reports (default 100 ms); the first and the last always go. */
  progressIntervalMs?: number;
  now?: () => number;
}

type Kind = "user" | "passes" | "roles" | "manager";

interface Group {
  key: string;
  candidates: Candidate[];
  lookup: {
    user?: Lookup<DirectoryUser>;
    passes?: Lookup<PassSummarySource[]>;
    roles?: Lookup<DirectoryRole[]>;
    manager?: Lookup<ManagerRef | null>;
  };
  requests: { kind: Kind; request: BatchRequest }[];
}

interface Entry {
  group: Group;
  kind: Kind;
  request: BatchRequest;
}

const MAX_REQUESTS_PER_BATCH = 20;

/**
 * Batches the check keeps in flight. The check's time is about batches ÷ this × a batch's latency
 * (its slowest inner read), so it is the lever: 24 × 20 reads in flight take 10,000 users (3 reads
 * each, 1,500 batches) in ~63 rounds. Graph serves HTTP/2, where they share one connection; a browser on HTTP/1.1
 * queues what exceeds its 6 connections per host, which costs time but nothing else. Reads take no
 * write quota; a read Graph throttles comes back as an inner 429 and is resent after its Retry-After.
 */
export const CHECK_CONCURRENCY = 24;

function failureOf(error: unknown): LookupFailure {
  if (error instanceof GraphError) {
    return { status: error.status, code: error.code, message: error.message, requestId: error.requestId };
  }
  const message = error instanceof Error ? error.message : "The lookup failed.";
  return { status: 0, code: error instanceof Error ? error.name : "unknown", message, requestId: null };
}

function unexpectedAnswer(): LookupFailure {
  return { status: 0, code: UNEXPECTED_ANSWER_CODE, message: "Microsoft Graph sent an answer TAP Desk couldn't read.", requestId: null };
}

/** The key preflight looks a candidate up by: the known object id when picked, else what was given. */
export function lookupKey(candidate: Candidate): string {
  return candidate.user?.id ?? candidate.identifier;
}

/**
 * Candidates grouped (and requests built) between two yields to the event loop. 500, not 2,000: on a
 * busy machine a 2,000-row slice plus the garbage collection it set off was a 0.5 s task (50,000 rows).
 */
const GROUPING_SLICE = 500;

/**
 * Candidates that name the same key (ignoring case) share one set of requests. Yields to the event
 * loop every `GROUPING_SLICE` candidates: building 50,000 users' requests at once was a ~0.8 s task.
 */
async function groupCandidates(
  candidates: readonly Candidate[],
  capability: IssuerCapability,
  pause: () => Promise<void>,
): Promise<Group[]> {
  const groups = new Map<string, Group>();
  for (const [position, candidate] of candidates.entries()) {
    if (position > 0 && position % GROUPING_SLICE === 0) await pause();
    const key = lookupKey(candidate);
    const existing = groups.get(key.toLowerCase());
    if (existing) {
      existing.candidates.push(candidate);
      continue;
    }
    const index = groups.size;
    const group: Group = { key, candidates: [candidate], lookup: {}, requests: [] };
    try {
      group.requests.push({ kind: "user", request: buildGetUserBatchRequest(`${index}u`, key) });
      group.requests.push({ kind: "passes", request: buildListTapMethodsBatchRequest(`${index}p`, key) });
      if (capability === "non-admins") {
        group.requests.push({ kind: "roles", request: buildListUserDirectoryRolesBatchRequest(`${index}r`, key) });
      }
      // For the hand-off to managers: read in the same batches, never blocks the row.
      group.requests.push({ kind: "manager", request: buildGetManagerBatchRequest(`${index}m`, key) });
    } catch (error) {
      // A key that cannot form a safe URL is never sent.
      group.requests = [];
      group.lookup.user = { ok: false, failure: failureOf(error) };
    }
    groups.set(key.toLowerCase(), group);
  }
  return [...groups.values()];
}

/**
 * Fills batches of 20 requests in order. A group's requests may straddle two batches (they do not
 * depend on each other): whole groups of 3 would leave 2 of every 20 slots empty, 10 % more batches.
 */
function packBatches(groups: readonly Group[]): Entry[][] {
  const batches: Entry[][] = [];
  let current: Entry[] = [];
  for (const group of groups) {
    for (const { kind, request } of group.requests) {
      if (current.length === MAX_REQUESTS_PER_BATCH) {
        batches.push(current);
        current = [];
      }
      current.push({ group, kind, request });
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** A success whose body did not fit: a per-row failure naming the field, with status and request id. */
function shapeFailure(response: BatchResponse, problem: string): LookupFailure {
  const requestId = headerValue(response.headers, "request-id");
  return failureOf(new GraphResponseShapeError({ status: response.status, problem, requestId }));
}

/** Reads a collection answer and, when it says there is more, the remaining pages directly. */
async function readList<T>(
  client: GraphClient,
  entry: Entry,
  response: BatchResponse,
  item: Shape<T>,
  options: LookupOptions,
): Promise<Lookup<T[]>> {
  const page = check(collectionShape(item), response.body);
  if (!page.ok) return { ok: false, failure: shapeFailure(response, page.problem) };
  const items = [...page.value.value];
  const next = page.value["@odata.nextLink"];
  if (next !== undefined) {
    // Role lists rarely span pages; when they do, the rest is read directly.
    try {
      const rest = await withRetry(() => collectPages(client, next, item, { headers: entry.request.headers, signal: options.signal }), {
        ...options,
        signal: options.signal,
      });
      items.push(...rest.items);
    } catch (error) {
      if (isAbort(error, options.signal)) throw error;
      return { ok: false, failure: failureOf(error) };
    }
  }
  return { ok: true, value: items };
}

async function readSuccess(client: GraphClient, entry: Entry, response: BatchResponse, options: LookupOptions) {
  const lookup = entry.group.lookup;
  switch (entry.kind) {
    case "user": {
      const user = check(directoryUserShape, response.body);
      lookup.user = user.ok ? { ok: true, value: user.value } : { ok: false, failure: shapeFailure(response, user.problem) };
      return;
    }
    case "passes":
      lookup.passes = await readList(client, entry, response, temporaryAccessPassMethodShape, options);
      return;
    case "roles":
      lookup.roles = await readList(client, entry, response, directoryRoleShape, options);
      return;
    case "manager": {
      const manager = check(managerRefShape, response.body);
      lookup.manager = manager.ok ? { ok: true, value: manager.value } : { ok: false, failure: shapeFailure(response, manager.problem) };
      return;
    }
  }
}

/** Sends one batch, retrying the whole batch on outer failures and throttled inner requests alone. */
async function runBatch(client: GraphClient, entries: Entry[], options: LookupOptions, settle: (entry: Entry) => void) {
  const maxAttempts = options.maxAttempts ?? 5;
  const wait = options.sleep ?? realSleep;
  let pending = entries;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    let responses: BatchResponse[];
    try {
      const requests = pending.map((entry) => entry.request);
      responses = await withRetry(() => client.batch(requests, { signal: options.signal }), options);
    } catch (error) {
      if (isAbort(error, options.signal)) throw error;
      const failure = failureOf(error);
      for (const entry of pending) {
        entry.group.lookup[entry.kind] = { ok: false, failure };
        settle(entry);
      }
      return;
    }

    const again: Entry[] = [];
    let longestRetryAfter: number | null = null;
    for (const [index, entry] of pending.entries()) {
      const response = responses[index];
      const error = response === undefined ? null : batchResponseError(response);
      if (response !== undefined && error === null) {
        await readSuccess(client, entry, response, options);
        settle(entry);
      } else if (entry.kind === "manager" && response?.status === 404) {
        // Graph's answer for "no manager set" (Request_ResourceNotFound).
        entry.group.lookup.manager = { ok: true, value: null };
        settle(entry);
      } else if (attempt < maxAttempts && (response === undefined || isTransientStatus(response.status))) {
        again.push(entry);
        if (error?.retryAfter != null) longestRetryAfter = Math.max(longestRetryAfter ?? 0, error.retryAfter);
      } else {
        entry.group.lookup[entry.kind] = { ok: false, failure: error ? failureOf(error) : unexpectedAnswer() };
        settle(entry);
      }
    }
    pending = again;
    // Graph's advice: resend the throttled requests together after the longest Retry-After.
    if (pending.length > 0) await wait(retryDelayMs(attempt, longestRetryAfter, options), options.signal);
  }
}

/**
 * Reads every candidate's user, existing pass and (for Authentication Administrators) admin roles
 * through `$batch`, a few batches at a time. Resolves with one lookup per candidate rowId; rejects
 * only when cancelled through `signal`.
 */
export async function lookupCandidates(
  client: GraphClient,
  candidates: readonly Candidate[],
  capability: IssuerCapability,
  options: LookupOptions = {},
): Promise<Map<string, CandidateLookup>> {
  const outer = options.signal;
  if (outer?.aborted) throw abortReason(outer);
  const internal = new AbortController();
  const onAbort = () => internal.abort(outer?.reason);
  outer?.addEventListener("abort", onAbort, { once: true });
  const inner: LookupOptions = { ...options, signal: internal.signal };

  const wait = options.sleep ?? realSleep;
  const groups = await groupCandidates(candidates, capability, () => wait(0, internal.signal));
  const total = candidates.length;
  let resolved = 0;
  const remaining = new Map(groups.map((group) => [group, group.requests.length]));
  // Each report re-renders the progress view: with 24 batches in flight answering every few ms, a
  // report per answer kept the page busy for nothing the eye can follow.
  const now = options.now ?? Date.now;
  const interval = options.progressIntervalMs ?? 100;
  let reportedAt = Number.NEGATIVE_INFINITY;
  const report = () => {
    const at = now();
    if (resolved < total && at - reportedAt < interval) return;
    reportedAt = at;
    options.onProgress?.({ resolved, total });
  };
  for (const group of groups) if (group.requests.length === 0) resolved += group.candidates.length;
  report();

  const settle = (entry: Entry) => {
    const left = (remaining.get(entry.group) ?? 1) - 1;
    remaining.set(entry.group, left);
    if (left === 0) {
      resolved += entry.group.candidates.length;
      report();
    }
  };

  const batches = packBatches(groups);
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next];
      next += 1;
      if (batch) await runBatch(client, batch, inner, settle);
    }
  };
  try {
    const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? CHECK_CONCURRENCY, batches.length)) }, worker);
    await Promise.all(
      workers.map((running) =>
        running.catch((error: unknown) => {
          internal.abort(error);
          throw error;
        }),
      ),
    );
  } finally {
    outer?.removeEventListener("abort", onAbort);
  }
  if (outer?.aborted) throw abortReason(outer);

  const lookups = new Map<string, CandidateLookup>();
  for (const group of groups) {
    const lookup: CandidateLookup = { user: group.lookup.user ?? { ok: false, failure: unexpectedAnswer() } };
    if (group.lookup.passes) lookup.passes = group.lookup.passes;
    if (group.lookup.roles) lookup.roles = group.lookup.roles;
    if (group.lookup.manager) lookup.manager = group.lookup.manager;
    for (const candidate of group.candidates) lookups.set(candidate.rowId, lookup);
  }
  return lookups;
}

export interface RunPreflightOptions extends LookupOptions {
  now?: () => number;
  formatDateTime?: (iso: string) => string;
}

/** Looks every candidate up and decides their verdicts; reads only, nothing is created. */
export async function runPreflight(
  client: GraphClient,
  candidates: readonly Candidate[],
  capability: IssuerCapability,
  meId: string | null,
  options: RunPreflightOptions = {},
): Promise<PreflightResult> {
  const lookups = await lookupCandidates(client, candidates, capability, options);
  const wait = options.sleep ?? realSleep;
  const { signal } = options;
  return decideVerdictsInSlices(
    candidates,
    lookups,
    { capability, meId, nowMs: (options.now ?? Date.now)(), formatDateTime: options.formatDateTime },
    () => wait(0, signal),
  );
}
