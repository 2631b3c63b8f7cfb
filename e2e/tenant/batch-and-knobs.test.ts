import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantServer } from "./server.ts";
import { appOrigin, control, createTenant, first, graph, signIn, startTestServer } from "./test-support.ts";
import type { GraphErrorBody, Sample, TestTenant } from "./test-support.ts";

let server: TenantServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface Ctx {
  tenant: TestTenant;
  token: string;
  sample: Sample;
}

async function setup(options: Record<string, unknown> = {}): Promise<Ctx> {
  const tenant = await createTenant(server, { userCount: 120, ...options });
  const token = (await signIn(server, tenant)).access_token;
  const sample = await control<Sample>(server, `/tenants/${tenant.tenantId}/sample`);
  return { tenant, token, sample };
}

interface InnerResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const tapUrl = (upn: string): string => `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`;
const createRequest = (id: string, upn: string): Record<string, unknown> => ({
  id,
  method: "POST",
  url: tapUrl(upn),
  headers: { "Content-Type": "application/json" },
  body: {},
});

async function batch(ctx: Ctx, requests: unknown[]): Promise<Response> {
  return graph(server, ctx.token, "/$batch", { method: "POST", body: { requests } });
}

async function responsesOf(res: Response): Promise<Map<string, InnerResponse>> {
  expect(res.status).toBe(200);
  const body = (await res.json()) as { responses: InnerResponse[] };
  return new Map(body.responses.map((r) => [r.id, r]));
}

async function passesOf(
  ctx: Ctx,
): Promise<{ passes: { userPrincipalName: string }[]; creations: { userPrincipalName: string; count: number }[] }> {
  return control(server, `/tenants/${ctx.tenant.tenantId}/passes`);
}

describe("$batch", () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await setup({ userCount: 200 });
  });

  it("runs each request and answers 200 with responses matched by id", async () => {
    const upn = first(ctx.sample.ready);
    const res = await batch(ctx, [
      { id: "me", method: "GET", url: "/me?$select=id" },
      createRequest("create", upn),
      { id: "missing", method: "GET", url: "/users/ghost@contoso.example" },
      {
        id: "guest",
        method: "POST",
        url: tapUrl(first(ctx.sample.externalGuests)),
        headers: { "Content-Type": "application/json" },
        body: {},
      },
    ]);
    const byId = await responsesOf(res);
    expect(byId.get("me")?.status).toBe(200);
    expect(byId.get("create")?.status).toBe(201);
    expect((byId.get("create")?.body as { temporaryAccessPass: string }).temporaryAccessPass).toHaveLength(8);
    expect(byId.get("missing")?.status).toBe(404);
    expect((byId.get("missing")?.body as GraphErrorBody).error.code).toBe("Request_ResourceNotFound");
    expect(byId.get("guest")?.status).toBe(400);
  });

  it("returns responses in a shuffled order", async () => {
    const ids = Array.from({ length: 20 }, (_, i) => String(i + 1));
    const res = await batch(
      ctx,
      ids.map((id) => ({ id, method: "GET", url: "/me?$select=id" })),
    );
    const body = (await res.json()) as { responses: InnerResponse[] };
    expect(body.responses.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(body.responses.map((r) => r.id)).not.toEqual(ids);
  });

  it("fails the whole batch for more than 20 requests or a duplicate id", async () => {
    const many = await batch(
      ctx,
      Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: "/me" })),
    );
    expect(many.status).toBe(400);
    expect(((await many.json()) as GraphErrorBody).error.code).toBe("BadRequest");
    const dup = await batch(ctx, [
      { id: "a", method: "GET", url: "/me" },
      { id: "A", method: "GET", url: "/me" },
    ]);
    expect(dup.status).toBe(400);
  });

  it("needs a Content-Type header for a request with a body", async () => {
    const byId = await responsesOf(await batch(ctx, [{ id: "1", method: "POST", url: tapUrl(ctx.sample.ready[1] ?? ""), body: {} }]));
    expect(byId.get("1")?.status).toBe(400);
  });

  it("rejects absolute URLs inside a batch", async () => {
    const byId = await responsesOf(await batch(ctx, [{ id: "1", method: "GET", url: `${server.url}/v1.0/me` }]));
    expect(byId.get("1")?.status).toBe(400);
  });

  it("sequences dependsOn and fails dependents of a failure with 424", async () => {
    const upn = ctx.sample.ready[2] ?? "";
    const byId = await responsesOf(
      await batch(ctx, [
        { id: "bad", method: "GET", url: "/users/ghost@contoso.example" },
        { ...createRequest("after-bad", upn), dependsOn: ["bad"] },
        { id: "good", method: "GET", url: `/users/${encodeURIComponent(upn)}` },
        { ...createRequest("after-good", upn), dependsOn: ["good"] },
      ]),
    );
    expect(byId.get("after-bad")?.status).toBe(424);
    expect(byId.get("after-good")?.status).toBe(201);
    expect((await passesOf(ctx)).creations.find((c) => c.userPrincipalName === upn)?.count).toBe(1);
  });

  it("runs inner requests one after another, in the order given, with batch.serial", async () => {
    // A write slower than a read: run at once, the read answers before the pass exists; in order, after it.
    const readAfterWrite = async (serial: boolean) => {
      const own = await setup({ knobs: { latency: { readMs: 0, writeMs: 60, spread: 0 }, quota: null, batch: { serial } } });
      const upn = own.sample.ready[0] ?? "";
      const byId = await responsesOf(await batch(own, [createRequest("create", upn), { id: "list", method: "GET", url: tapUrl(upn) }]));
      expect(byId.get("create")?.status).toBe(201);
      return (byId.get("list")?.body as { value: unknown[] }).value.length;
    };
    expect(await readAfterWrite(false)).toBe(0);
    expect(await readAfterWrite(true)).toBe(1);
  });

  it("takes the batch knobs and rejects bad ones", async () => {
    const own = await setup({ knobs: { batch: { overheadMs: 40, serial: true } } });
    const info = await control<{ knobs: { batch: unknown } }>(server, `/tenants/${own.tenant.tenantId}`);
    expect(info.knobs.batch).toEqual({ overheadMs: 40, serial: true });
    const bad = await fetch(`${server.url}/_emulator/tenants`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ knobs: { batch: { overheadMs: -1 } } }),
    });
    expect(bad.status).toBe(400);
  });

  it("logs inner requests with inBatch", async () => {
    const { lastSeq } = await control<{ lastSeq: number }>(server, `/tenants/${ctx.tenant.tenantId}/log`);
    await batch(ctx, [{ id: "1", method: "GET", url: "/organization" }]);
    const log = await control<{ entries: { url: string; inBatch: boolean; status: number; method: string }[] }>(
      server,
      `/tenants/${ctx.tenant.tenantId}/log?since=${lastSeq}`,
    );
    expect(log.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: "GET", url: "/organization", inBatch: true, status: 200 }),
        expect.objectContaining({ method: "POST", url: "/v1.0/$batch", inBatch: false, status: 200 }),
      ]),
    );
  });
});

describe("write quota", () => {
  it("answers 429 TooManyRequests with a Retry-After computed from the bucket", async () => {
    const ctx = await setup({ knobs: { quota: { capacity: 3, refillPerSecond: 0.5 } } });
    const statuses: number[] = [];
    let last: Response | null = null;
    for (const upn of ctx.sample.ready.slice(0, 4)) {
      last = await graph(server, ctx.token, tapUrl(upn), { method: "POST", body: {} });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    const retryAfter = Number(last?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    const error = ((await last?.json()) as GraphErrorBody).error;
    expect(error.code).toBe("TooManyRequests");
    expect(error.innerError.code).toBe("429");
    expect((await passesOf(ctx)).passes.filter((p) => ctx.sample.ready.slice(0, 4).includes(p.userPrincipalName))).toHaveLength(3);
    const reads = await graph(server, ctx.token, "/me");
    expect(reads.status).toBe(200);
  });

  it("throttles inner batch writes individually with Retry-After in the inner headers", async () => {
    const ctx = await setup({ knobs: { quota: { capacity: 2, refillPerSecond: 0.01 } } });
    const upns = ctx.sample.ready.slice(0, 4);
    const res = await batch(
      ctx,
      upns.map((upn, i) => createRequest(String(i), upn)),
    );
    const inner = [...(await responsesOf(res)).values()];
    expect(inner.filter((r) => r.status === 201)).toHaveLength(2);
    const throttled = inner.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(2);
    for (const r of throttled) expect(Number(r.headers["Retry-After"])).toBeGreaterThan(0);
  });

  it("is unlimited with quota null", async () => {
    const ctx = await setup({ knobs: { quota: null } });
    const res = await batch(
      ctx,
      ctx.sample.ready.slice(0, 20).map((upn, i) => createRequest(String(i), upn)),
    );
    expect([...(await responsesOf(res)).values()].every((r) => r.status === 201)).toBe(true);
  });
});

describe("CORS knobs", () => {
  it("exposes Retry-After only when exposeRetryAfter is on", async () => {
    const ctx = await setup({ knobs: { exposeRetryAfter: true } });
    const res = await graph(server, ctx.token, "/me", { headers: { Origin: appOrigin } });
    expect(res.headers.get("access-control-expose-headers")).toContain("Retry-After");
  });
});

describe("faults", () => {
  it("injects HTTP faults without committing", async () => {
    const ctx = await setup({ knobs: { faults: { rate: 1, kinds: ["503"] } } });
    const upn = first(ctx.sample.ready);
    const res = await graph(server, ctx.token, tapUrl(upn), { method: "POST", body: {} });
    expect(res.status).toBe(503);
    expect(((await res.json()) as GraphErrorBody).error.code).toBe("serviceNotAvailable");
    expect((await passesOf(ctx)).creations).toEqual([]);
    expect((await graph(server, ctx.token, `/users/${encodeURIComponent(upn)}`)).status).toBe(200);
  });

  it("resets the connection before anything runs", async () => {
    const ctx = await setup({ knobs: { faults: { rate: 1, kinds: ["reset"] } } });
    const me = await graph(server, ctx.token, "/me");
    expect(me.headers.get("connection")).toBe("close");
    await expect(graph(server, ctx.token, tapUrl(first(ctx.sample.ready)), { method: "POST", body: {} })).rejects.toThrow();
    expect((await passesOf(ctx)).creations).toEqual([]);
    await control(server, `/tenants/${ctx.tenant.tenantId}`, { method: "PATCH", body: { knobs: { faults: { rate: 0 } } } });
  });

  it("commitThenDrop creates the pass and then drops the connection", async () => {
    const ctx = await setup({ knobs: { faults: { rate: 1, kinds: ["commitThenDrop"] } } });
    const upn = first(ctx.sample.ready);
    await expect(graph(server, ctx.token, tapUrl(upn), { method: "POST", body: {} })).rejects.toThrow();
    const state = await passesOf(ctx);
    expect(state.creations).toEqual([expect.objectContaining({ userPrincipalName: upn, count: 1 })]);
    const log = await control<{ entries: { status: number; fault?: string }[] }>(server, `/tenants/${ctx.tenant.tenantId}/log`);
    expect(log.entries.some((e) => e.status === 0 && e.fault === "commitThenDrop")).toBe(true);

    const upns = ctx.sample.ready.slice(1, 4);
    await expect(
      batch(
        ctx,
        upns.map((u, i) => createRequest(String(i), u)),
      ),
    ).rejects.toThrow();
    const after = await passesOf(ctx);
    for (const u of upns) expect(after.creations.find((c) => c.userPrincipalName === u)?.count).toBe(1);
    await control(server, `/tenants/${ctx.tenant.tenantId}`, { method: "PATCH", body: { knobs: { faults: { rate: 0 } } } });
  });

  it("can fault reads when asked", async () => {
    const ctx = await setup({ knobs: { faults: { rate: 1, kinds: ["500"], reads: true } } });
    expect((await graph(server, ctx.token, "/me")).status).toBe(500);
  });

  it("applies latency per request", async () => {
    const ctx = await setup({ knobs: { latency: { readMs: 150, writeMs: 0, spread: 0 } } });
    const started = Date.now();
    await graph(server, ctx.token, "/me");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
