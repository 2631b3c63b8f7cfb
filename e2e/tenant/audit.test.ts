import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantServer } from "./server.ts";
import { allScopes, control, createTenant, graph, signIn, startTestServer } from "./test-support.ts";
import type { GraphErrorBody, Sample, TestTenant } from "./test-support.ts";

let server: TenantServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface Audit {
  id: string;
  category: string;
  activityDisplayName: string;
  activityDateTime: string;
  result: string;
  resultReason: string;
  operationType: string;
  initiatedBy: { user: { id: string; displayName: string | null; userPrincipalName: string } | null; app: unknown };
  targetResources: { id: string; displayName: string | null; userPrincipalName: string; type: string }[];
}
interface Page {
  value: Audit[];
  "@odata.nextLink"?: string;
}

const withAudit = [...allScopes, "AuditLog.Read.All"];
const tapPath = (upn: string): string => `/users/${encodeURIComponent(upn)}/authentication/temporaryAccessPassMethods`;
const audits = (query = ""): string => `/auditLogs/directoryAudits${query}`;

async function persona(tenant: TestTenant, key: string, scopes = withAudit): Promise<string> {
  await control(server, `/tenants/${tenant.tenantId}`, { method: "PATCH", body: { persona: key } });
  return (await signIn(server, tenant, scopes)).access_token;
}

async function page(token: string, path: string): Promise<Page> {
  const res = await graph(server, token, path.replace(`${server.url}/v1.0`, ""));
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

describe("directory audit log", () => {
  let tenant: TestTenant;
  let sample: Sample;
  let reader: string;
  beforeAll(async () => {
    tenant = await createTenant(server, { userCount: 120 });
    sample = await control<Sample>(server, `/tenants/${tenant.tenantId}/sample`);
    reader = await persona(tenant, "reader-paa");
  });

  it("records a create (direct and inside $batch) and a delete in Graph's directoryAudit shape, newest first", async () => {
    const [a, b] = sample.ready;
    if (!a || !b) throw new Error("sample too small");
    const created = await graph(server, reader, tapPath(a), { method: "POST", body: { lifetimeInMinutes: 60 } });
    expect(created.status).toBe(201);
    const passId = ((await created.json()) as { id: string }).id;
    const batch = await graph(server, reader, "/$batch", {
      method: "POST",
      body: { requests: [{ id: "1", method: "POST", url: tapPath(b), headers: { "Content-Type": "application/json" }, body: {} }] },
    });
    expect(batch.status).toBe(200);
    expect((await graph(server, reader, `${tapPath(a)}/${passId}`, { method: "DELETE" })).status).toBe(204);

    const body = await page(reader, audits());
    expect(body.value.map((e) => [e.activityDisplayName, e.targetResources[0]?.userPrincipalName])).toEqual([
      ["Admin deleted security info", a],
      ["Admin registered security info", b],
      ["Admin registered security info", a],
    ]);
    const entry = body.value[2];
    expect(entry).toMatchObject({
      category: "UserManagement",
      result: "success",
      resultReason: "Admin registered temporary access pass method for user",
      operationType: "Add",
      initiatedBy: { user: { userPrincipalName: sample.personas["reader-paa"] }, app: null },
      targetResources: [{ type: "User", userPrincipalName: a }],
    });
    expect(Number.isNaN(Date.parse(entry?.activityDateTime ?? ""))).toBe(false);
  });

  it("filters on the documented subset (activity eq, date ge, issuer UPN eq/startswith, target id) and rejects others", async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const registered = await page(
      reader,
      audits(`?$filter=${encodeURIComponent(`activityDisplayName eq 'Admin registered security info' and activityDateTime ge ${since}`)}`),
    );
    expect(registered.value).toHaveLength(2);
    const future = await page(
      reader,
      audits(`?$filter=${encodeURIComponent(`activityDateTime ge ${new Date(Date.now() + 60_000).toISOString()}`)}`),
    );
    expect(future.value).toHaveLength(0);
    const byIssuer = await page(
      reader,
      audits(`?$filter=${encodeURIComponent("startswith(initiatedBy/user/userPrincipalName,'nestor.')")}`),
    );
    expect(byIssuer.value).toHaveLength(3);
    const other = await page(
      reader,
      audits(`?$filter=${encodeURIComponent("initiatedBy/user/userPrincipalName eq 'megan.bowen@contoso.example'")}`),
    );
    expect(other.value).toHaveLength(0);
    const targetId = registered.value[0]?.targetResources[0]?.id ?? "";
    const byTarget = await page(reader, audits(`?$filter=${encodeURIComponent(`targetResources/any(t: t/id eq '${targetId}')`)}`));
    expect(byTarget.value).toHaveLength(1);
    const bad = await graph(server, reader, audits(`?$filter=${encodeURIComponent("contains(activityDisplayName,'TAP')")}`));
    expect(bad.status).toBe(400);
  });

  it("pages with $top and @odata.nextLink, which carries the filter", async () => {
    const first = await page(reader, audits("?$top=2"));
    expect(first.value).toHaveLength(2);
    const next = first["@odata.nextLink"];
    expect(next).toMatch(/^http:\/\/localhost:\d+\/v1\.0\/auditLogs\/directoryAudits\?/);
    const second = await page(reader, next ?? "");
    expect(second.value).toHaveLength(1);
    expect(second["@odata.nextLink"]).toBeUndefined();
    expect(new Set([...first.value, ...second.value].map((e) => e.id)).size).toBe(3);
  });

  it("answers 403 Authorization_RequestDenied to a PAA without a reports-reading role, and without the scope", async () => {
    const paa = await persona(tenant, "paa");
    const res = await graph(server, paa, audits());
    expect(res.status).toBe(403);
    const error = ((await res.json()) as GraphErrorBody).error;
    expect(error.code).toBe("Authorization_RequestDenied");
    expect(error.innerError["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const noScope = await persona(tenant, "reader-paa", allScopes);
    expect((await graph(server, noScope, audits())).status).toBe(403);
  });
});
