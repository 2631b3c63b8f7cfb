import { describe, expect, it } from "vitest";
import { GraphError, GraphResponseShapeError, ResponseShapeProblem } from "../../lib/graph/graph-error";
import type { BatchRequest, BatchResponse, BodyReader, GraphClient, GraphRequestOptions } from "../../lib/graph/types";
import type { Candidate } from "../../lib/tap/run-types";
import { lookupCandidates, runPreflight } from "./lookup-candidates";
import type { PreflightProgress } from "./preflight-types";

type Answer = Omit<BatchResponse, "id">;
type Handler = (request: BatchRequest, attempt: number) => Answer;

const ok = (body: unknown): Answer => ({ status: 200, headers: {}, body });
const err = (status: number, headers: Record<string, string> = {}): Answer => ({
  status,
  headers,
  body: { error: { code: "e", message: `status ${status}`, innerError: { "request-id": `rid-${status}` } } },
});

/** Answers /users/{upn} with a member whose id is the local part, no pass and no roles; "nomgr…" users have no manager. */
const directory: Handler = (request) => {
  const match = /^\/users\/([^/?]+)(.*)$/.exec(request.url);
  if (!match) return err(400);
  const key = decodeURIComponent(match[1]!);
  if (key.startsWith("missing")) return err(404);
  const id = key.split("@")[0]!;
  if (match[2]!.startsWith("?")) return ok({ id, displayName: id, userPrincipalName: `${id}@contoso.example`, accountEnabled: true });
  if (match[2]!.startsWith("/manager?")) {
    if (key.startsWith("nomgr")) return err(404);
    return ok({ id: `boss-of-${id}`, displayName: "Boss", userPrincipalName: "boss@contoso.example", mail: null });
  }
  return ok({ value: [] });
};

function fakeClient(handler: Handler, options: { outer?: (call: number) => Error | null; pages?: Record<string, unknown> } = {}) {
  const batches: BatchRequest[][] = [];
  const attempts = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const client: GraphClient = {
    async request<T>(path: string, requestOptions: GraphRequestOptions & { read: BodyReader<T> }): Promise<T> {
      // As the real client does: a body that doesn't fit becomes a GraphResponseShapeError.
      try {
        return requestOptions.read(options.pages?.[path] ?? { value: [] });
      } catch (error) {
        if (error instanceof ResponseShapeProblem)
          throw new GraphResponseShapeError({ status: 200, problem: error.problem, requestId: "rid-page" });
        throw error;
      }
    },
    async batch(requests) {
      batches.push(requests);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await Promise.resolve();
      await Promise.resolve();
      inFlight -= 1;
      const outerError = options.outer?.(batches.length);
      if (outerError) throw outerError;
      return requests.map((request) => {
        const attempt = (attempts.get(request.url) ?? 0) + 1;
        attempts.set(request.url, attempt);
        return { id: request.id, ...handler(request, attempt) };
      });
    },
  };
  return { client, batches, maxInFlight: () => maxInFlight };
}

const candidates = (count: number, prefix = "user"): Candidate[] =>
  Array.from({ length: count }, (_, i) => ({ rowId: `r${i}`, line: i + 2, identifier: `${prefix}${i}@contoso.example`, overrides: {} }));

const noWait = { sleep: async () => {}, random: () => 0 };

describe("lookupCandidates", () => {
  it("reads user, pass and manager in batches of at most 20, with role checks only for Authentication Administrators", async () => {
    const all = fakeClient(directory);
    await lookupCandidates(all.client, candidates(25), "all", noWait);
    // User, pass and manager: 75 reads, every batch filled.
    expect(all.batches.map((b) => b.length)).toEqual([20, 20, 20, 15]);
    expect(all.batches.flat().some((r) => r.url.includes("transitiveMemberOf"))).toBe(false);

    const limited = fakeClient(directory);
    await lookupCandidates(limited.client, candidates(25), "non-admins", noWait);
    expect(Math.max(...limited.batches.map((b) => b.length))).toBeLessThanOrEqual(20);
    expect(limited.batches.flat().filter((r) => r.url.includes("transitiveMemberOf"))).toHaveLength(25);
    expect(limited.batches.flat().find((r) => r.url.includes("transitiveMemberOf"))?.headers).toEqual({ ConsistencyLevel: "eventual" });
  });

  it("fills every batch to 20 requests, a user's reads straddling two batches when they must", async () => {
    const fake = fakeClient(directory);
    const lookups = await lookupCandidates(fake.client, candidates(25), "all", noWait);
    expect(fake.batches.map((b) => b.length)).toEqual([20, 20, 20, 15]);
    // User 6's three reads (user, pass, manager) are split between the first two batches and still make one whole lookup.
    expect(fake.batches[0]!.at(-1)!.url).toContain("user6@");
    expect(fake.batches[1]![0]!.url).toContain("user6@");
    expect(lookups.get("r6")).toMatchObject({ user: { ok: true }, passes: { ok: true, value: [] } });
    expect(lookups.get("r6")?.manager).toBeDefined();
  });

  it("keeps 24 batches in flight unless told otherwise", async () => {
    const fake = fakeClient(directory);
    await lookupCandidates(fake.client, candidates(400), "all", noWait);
    expect(fake.batches).toHaveLength(60);
    expect(fake.maxInFlight()).toBe(24);
  });

  it("gives the page a turn between slices of 500 users while building the requests", async () => {
    const fake = fakeClient(directory);
    const events: string[] = [];
    const sleep = async (ms: number) => {
      events.push(`pause ${ms} after ${fake.batches.length} batches`);
    };
    const lookups = await lookupCandidates(fake.client, candidates(2000), "all", { sleep, random: () => 0 });
    expect(events).toEqual(["pause 0 after 0 batches", "pause 0 after 0 batches", "pause 0 after 0 batches"]);
    expect(lookups.size).toBe(2000);
  });

  it("gives the page a turn between slices of 2,000 users while deciding the verdicts too", async () => {
    const fake = fakeClient(directory);
    const events: string[] = [];
    const sleep = async (ms: number) => {
      events.push(`pause ${ms} after ${fake.batches.length} batches`);
    };
    const result = await runPreflight(fake.client, candidates(4500), "all", null, { sleep, random: () => 0 });
    const batches = fake.batches.length;
    // Eight while building the requests (slices of 500), two after the reads while deciding (slices of 2,000).
    expect(events).toEqual([
      ...Array.from({ length: 8 }, () => "pause 0 after 0 batches"),
      `pause 0 after ${batches} batches`,
      `pause 0 after ${batches} batches`,
    ]);
    expect(result.rows).toHaveLength(4500);
  });

  it("reports progress at most every 100 ms, the start and the end always", async () => {
    const fake = fakeClient(directory);
    let clock = 0;
    const client: GraphClient = {
      ...fake.client,
      batch: async (requests, batchOptions) => {
        clock += 30; // each answer comes 30 ms after the one before
        return fake.client.batch(requests, batchOptions);
      },
    };
    const reports: { at: number; resolved: number }[] = [];
    await lookupCandidates(client, candidates(200), "all", {
      ...noWait,
      concurrency: 1,
      now: () => clock,
      onProgress: ({ resolved }) => reports.push({ at: clock, resolved }),
    });
    expect(fake.batches).toHaveLength(30);
    expect(reports[0]).toEqual({ at: 0, resolved: 0 });
    expect(reports.at(-1)?.resolved).toBe(200);
    const between = reports.slice(1, -1);
    expect(between.length).toBeGreaterThan(0);
    expect(between.length).toBeLessThan(8);
    for (const [index, report] of reports.slice(1, -1).entries()) {
      expect(report.at - reports[index]!.at).toBeGreaterThanOrEqual(100);
    }
  });

  it("keeps no more than the given number of batches in flight", async () => {
    const fake = fakeClient(directory);
    await lookupCandidates(fake.client, candidates(200), "all", { ...noWait, concurrency: 3 });
    expect(fake.batches).toHaveLength(30);
    expect(fake.maxInFlight()).toBe(3);
  });

  it("resends only the throttled inner requests after the longest inner Retry-After", async () => {
    const waits: number[] = [];
    const throttleFirst: Handler = (request, attempt) => {
      if (request.url.startsWith("/users/user1@") && attempt === 1) return err(429, { "retry-after": "7" });
      if (request.url.startsWith("/users/user2@") && attempt === 1) return err(429, { "retry-after": "2" });
      return directory(request, attempt);
    };
    const fake = fakeClient(throttleFirst);
    const lookups = await lookupCandidates(fake.client, candidates(3), "all", {
      random: () => 0,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(waits).toEqual([7000]);
    expect(fake.batches[1]!.every((r) => /user[12]@/.test(r.url))).toBe(true);
    expect(lookups.get("r1")?.user).toMatchObject({ ok: true, value: { id: "user1" } });
  });

  it("retries the whole batch when the batch itself fails with a 5xx or 429", async () => {
    const fake = fakeClient(directory, {
      outer: (call) => (call === 1 ? new GraphError({ status: 503, code: "serviceNotAvailable", message: "busy" }) : null),
    });
    const lookups = await lookupCandidates(fake.client, candidates(2), "all", noWait);
    expect(fake.batches).toHaveLength(2);
    expect(lookups.get("r0")?.user.ok).toBe(true);
  });

  it("records a 404 without retrying it", async () => {
    const fake = fakeClient(directory);
    const lookups = await lookupCandidates(fake.client, candidates(1, "missing"), "all", noWait);
    expect(fake.batches).toHaveLength(1);
    expect(lookups.get("r0")?.user).toMatchObject({ ok: false, failure: { status: 404, requestId: "rid-404" } });
  });

  it("gives up on a request that stays throttled and reports it as failed", async () => {
    const fake = fakeClient((request, attempt) => (request.url.includes("temporaryAccessPass") ? err(429) : directory(request, attempt)));
    const lookups = await lookupCandidates(fake.client, candidates(1), "all", { ...noWait, maxAttempts: 3 });
    expect(fake.batches).toHaveLength(3);
    expect(lookups.get("r0")?.passes).toMatchObject({ ok: false, failure: { status: 429 } });
  });

  it("looks the same identifier up once for every row naming it", async () => {
    const twice: Candidate[] = [
      { rowId: "a", line: 2, identifier: "Ann@contoso.example", overrides: {} },
      { rowId: "b", line: 3, identifier: "ann@contoso.example", overrides: {} },
    ];
    const fake = fakeClient(directory);
    const lookups = await lookupCandidates(fake.client, twice, "all", noWait);
    expect(fake.batches.flat()).toHaveLength(3);
    expect(lookups.get("b")?.user).toMatchObject({ ok: true });
  });

  it("uses the object id of a user picked from search", async () => {
    const picked: Candidate = {
      rowId: "p",
      line: null,
      identifier: "ann@contoso.example",
      overrides: {},
      user: { id: "3f2a0000-0000-0000-0000-000000000001", displayName: "Ann", userPrincipalName: "ann@contoso.example" },
    };
    const fake = fakeClient(directory);
    await lookupCandidates(fake.client, [picked], "all", noWait);
    expect(fake.batches[0]![0]!.url).toMatch(/^\/users\/3f2a0000-0000-0000-0000-000000000001\?/);
  });

  it("never sends a key that can't form a safe URL", async () => {
    const fake = fakeClient(directory);
    const bad: Candidate[] = [{ rowId: "x", line: 2, identifier: "../me", overrides: {} }];
    const lookups = await lookupCandidates(fake.client, bad, "all", noWait);
    expect(fake.batches).toHaveLength(0);
    expect(lookups.get("x")?.user.ok).toBe(false);
  });

  it("follows a next link when a user's roles span pages", async () => {
    const next = "https://graph.example/v1.0/users/user0@contoso.example/transitiveMemberOf/microsoft.graph.directoryRole?$skiptoken=2";
    const handler: Handler = (request, attempt) =>
      request.url.includes("transitiveMemberOf")
        ? ok({
            value: [{ id: "1", displayName: "Directory Readers", roleTemplateId: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b" }],
            "@odata.nextLink": next,
          })
        : directory(request, attempt);
    const fake = fakeClient(handler, {
      pages: {
        [next]: { value: [{ id: "2", displayName: "User Administrator", roleTemplateId: "fe930be7-5e62-47db-91af-98c3a49a38b1" }] },
      },
    });
    const result = await runPreflight(fake.client, candidates(1), "non-admins", "me", noWait);
    expect(result.rows[0]!.verdict).toBe("needs-privileged-admin");
    expect(result.rows[0]!.detail).toContain("User Administrator");
  });

  it("sends a target whose roles Graph returned without names, with a 'likely refused' note", async () => {
    const handler: Handler = (request, attempt) =>
      request.url.includes("transitiveMemberOf")
        ? ok({ value: [{ "@odata.type": "#microsoft.graph.directoryRole", id: "9d1c", displayName: null, roleTemplateId: null }] })
        : directory(request, attempt);
    const result = await runPreflight(fakeClient(handler).client, candidates(1), "non-admins", "me", noWait);
    expect(result.rows[0]!.verdict).toBe("ready");
    expect(result.rows[0]!.caution).toMatch(/^Likely refused: holds 1 directory role/);
  });

  it("fails only the row whose user or pass answer doesn't fit, naming the field", async () => {
    const handler: Handler = (request, attempt) => {
      if (request.url.startsWith("/users/user1@")) {
        return request.url.includes("?")
          ? {
              status: 200,
              headers: { "request-id": "rid-shape" },
              body: { displayName: "No id", userPrincipalName: "user1@contoso.example" },
            }
          : ok({ value: [{ id: "p1", temporaryAccessPass: null }] });
      }
      return directory(request, attempt);
    };
    const lookups = await lookupCandidates(fakeClient(handler).client, candidates(2), "all", noWait);
    expect(lookups.get("r0")?.user).toMatchObject({ ok: true, value: { id: "user0" } });
    expect(lookups.get("r1")?.user).toEqual({
      ok: false,
      failure: {
        status: 200,
        code: "unexpectedAnswer",
        message: "Microsoft Graph sent an answer TAP Desk couldn't read (id is missing).",
        requestId: "rid-shape",
      },
    });
    expect(lookups.get("r1")?.passes).toMatchObject({ ok: false, failure: { code: "unexpectedAnswer" } });
    expect(lookups.get("r1")?.passes?.ok === false && lookups.get("r1")?.passes).toMatchObject({
      failure: { message: expect.stringContaining("(value.0.createdDateTime is missing)") },
    });
  });

  it("accepts role objects whose name and template Graph withheld", async () => {
    const handler: Handler = (request, attempt) =>
      request.url.includes("transitiveMemberOf")
        ? ok({ value: [{ "@odata.type": "#microsoft.graph.directoryRole", id: "r1", displayName: null, roleTemplateId: null }] })
        : directory(request, attempt);
    const lookups = await lookupCandidates(fakeClient(handler).client, candidates(1), "non-admins", noWait);
    expect(lookups.get("r0")?.roles).toEqual({ ok: true, value: [{ id: "r1", displayName: null, roleTemplateId: null }] });
  });

  it("fails the roles of a user whose next page doesn't fit", async () => {
    const next = "https://graph.example/v1.0/users/user0@contoso.example/transitiveMemberOf/microsoft.graph.directoryRole?$skiptoken=2";
    const handler: Handler = (request, attempt) =>
      request.url.includes("transitiveMemberOf") ? ok({ value: [], "@odata.nextLink": next }) : directory(request, attempt);
    const fake = fakeClient(handler, { pages: { [next]: { value: [{ displayName: "User Administrator" }] } } });
    const lookups = await lookupCandidates(fake.client, candidates(1), "non-admins", noWait);
    expect(lookups.get("r0")?.roles).toEqual({
      ok: false,
      failure: {
        status: 200,
        code: "unexpectedAnswer",
        message: "Microsoft Graph sent an answer TAP Desk couldn't read (value.0.id is missing).",
        requestId: "rid-page",
      },
    });
  });

  it("reports progress from zero up to the total", async () => {
    const progress: PreflightProgress[] = [];
    await lookupCandidates(fakeClient(directory).client, candidates(45), "all", { ...noWait, onProgress: (p) => progress.push(p) });
    expect(progress[0]).toEqual({ resolved: 0, total: 45 });
    expect(progress.at(-1)).toEqual({ resolved: 45, total: 45 });
    const resolved = progress.map((p) => p.resolved);
    expect(resolved).toEqual([...resolved].sort((a, b) => a - b));
  });

  it("reads each person's manager in the same batches: none set (404) is null, other failures keep Graph's words and leave the user read", async () => {
    const fake = fakeClient((request, attempt) =>
      request.url.startsWith("/users/broken0@") && request.url.includes("/manager") ? err(403) : directory(request, attempt),
    );
    const people = [...candidates(1), ...candidates(1, "nomgr"), ...candidates(1, "broken")].map((c, i) => ({ ...c, rowId: `r${i}` }));
    const lookups = await lookupCandidates(fake.client, people, "all", noWait);
    expect(fake.batches).toHaveLength(1);
    expect(fake.batches[0]!.filter((r) => r.url.includes("/manager?$select=id%2CdisplayName%2CuserPrincipalName%2Cmail"))).toHaveLength(3);
    expect(lookups.get("r0")?.manager).toEqual({
      ok: true,
      value: { id: "boss-of-user0", displayName: "Boss", userPrincipalName: "boss@contoso.example", mail: null },
    });
    expect(lookups.get("r1")?.manager).toEqual({ ok: true, value: null });
    expect(lookups.get("r2")?.manager).toMatchObject({ ok: false, failure: { status: 403, message: "status 403", requestId: "rid-403" } });
    expect(lookups.get("r2")?.user).toMatchObject({ ok: true, value: { id: "broken0" } });
  });

  it("carries the manager onto the check's row without changing its verdict", async () => {
    const fake = fakeClient((request, attempt) =>
      request.url.startsWith("/users/broken0@") && request.url.includes("/manager") ? err(403) : directory(request, attempt),
    );
    const people = [...candidates(1), ...candidates(1, "nomgr"), ...candidates(1, "broken")].map((c, i) => ({ ...c, rowId: `r${i}` }));
    const result = await runPreflight(fake.client, people, "all", null, noWait);
    expect(result.rows.map((row) => row.verdict)).toEqual(["ready", "ready", "ready"]);
    expect(result.rows[0]?.manager?.id).toBe("boss-of-user0");
    expect(result.rows[1]?.manager).toBeNull();
    expect(result.rows[2]?.manager).toBeUndefined();
    expect(result.rows[2]?.managerFailure).toMatchObject({ status: 403, requestId: "rid-403" });
  });

  it("stops sending batches once cancelled and rejects", async () => {
    const controller = new AbortController();
    const fake = fakeClient(directory);
    const run = lookupCandidates(fake.client, candidates(200), "all", {
      ...noWait,
      concurrency: 1,
      progressIntervalMs: 0,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.resolved >= 12) controller.abort();
      },
    });
    await expect(run).rejects.toBeDefined();
    expect(fake.batches.length).toBeLessThan(3);
  });
});
