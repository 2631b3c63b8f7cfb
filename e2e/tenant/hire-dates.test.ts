import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantServer } from "./server.ts";
import { startTenantServer } from "./server.ts";
import { seedDirectory, seedHireDate } from "./directory-seed.ts";
import { control, createTenant, first, graph, signIn } from "./test-support.ts";
import type { Sample } from "./test-support.ts";

let server: TenantServer;

beforeAll(async () => {
  server = await startTenantServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

const DAY = 24 * 3600 * 1000;

describe("employeeHireDate", () => {
  it("is seeded for a deterministic share of members: some none, some past, some future; never for guests", () => {
    const now = Date.parse("2026-11-30T12:00:00Z");
    const users = seedDirectory({ seed: 7, userCount: 1000, now }).users;
    const members = users.filter((u) => u.userType === "Member");
    const dates = members.map((u) => u.employeeHireDate);
    const share = (n: number) => n / members.length;
    expect(share(dates.filter((d) => d === null).length)).toBeCloseTo(0.3, 1);
    expect(share(dates.filter((d) => d !== null && Date.parse(d) < now).length)).toBeCloseTo(0.3, 1);
    expect(share(dates.filter((d) => d !== null && Date.parse(d) > now).length)).toBeCloseTo(0.4, 1);
    expect(users.filter((u) => u.userType === "Guest").every((u) => u.employeeHireDate === null)).toBe(true);
    // Future ones are within 40 days and written as someone's local midnight.
    expect(seedHireDate(6, now)).toBe("2026-12-07T00:00:00Z");
    expect(seedHireDate(7, now)).toBe("2026-12-07T23:00:00Z"); // Berlin's midnight of 8 Dec
    expect(seedHireDate(8, now)).toBe("2026-12-09T05:00:00Z"); // New York's midnight of 9 Dec
    for (const d of dates) if (d !== null && Date.parse(d) > now) expect(Date.parse(d) - now).toBeLessThan(41 * DAY);
  });

  it("is served when $selected, null included, and only then", async () => {
    const tenant = await createTenant(server, { userCount: 60 });
    const token = (await signIn(server, tenant)).access_token;
    const res = await graph(server, token, `/users?$top=999&$select=id,employeeHireDate`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: { id: string; employeeHireDate: string | null }[] };
    expect(body.value.some((u) => u.employeeHireDate === null)).toBe(true);
    expect(body.value.some((u) => typeof u.employeeHireDate === "string" && /Z$/.test(u.employeeHireDate))).toBe(true);
    expect(body.value.every((u) => Object.keys(u).sort().join() === "employeeHireDate,id")).toBe(true);
    const plain = await graph(server, token, `/users/${first(body.value).id}`);
    expect(Object.keys((await plain.json()) as object)).not.toContain("employeeHireDate");
  });

  it("can be set per user through the control API, and refuses anything else", async () => {
    const tenant = await createTenant(server, { userCount: 60 });
    const upn = first((await control<Sample>(server, `/tenants/${tenant.tenantId}/sample`)).ready);
    const patched = await control<{ employeeHireDate: string | null }>(server, `/tenants/${tenant.tenantId}/users/${upn}`, {
      method: "PATCH",
      body: { employeeHireDate: "2027-01-04T00:00:00+01:00" },
    });
    expect(patched.employeeHireDate).toBe("2027-01-03T23:00:00Z");
    const token = (await signIn(server, tenant)).access_token;
    const read = await graph(server, token, `/users/${upn}?$select=employeeHireDate`);
    expect(((await read.json()) as { employeeHireDate: string }).employeeHireDate).toBe("2027-01-03T23:00:00Z");
    const cleared = await control<{ employeeHireDate: string | null }>(server, `/tenants/${tenant.tenantId}/users/${upn}`, {
      method: "PATCH",
      body: { employeeHireDate: null },
    });
    expect(cleared.employeeHireDate).toBeNull();
    for (const body of [{ employeeHireDate: "soon" }, { displayName: "x" }]) {
      const res = await fetch(`${server.url}/_emulator/tenants/${tenant.tenantId}/users/${upn}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
    }
  });
});
