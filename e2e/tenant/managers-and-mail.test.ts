import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantServer } from "./server.ts";
import { allScopes, control, createTenant, first, graph, signIn, startTestServer } from "./test-support.ts";
import type { GraphErrorBody, Sample, TestTenant } from "./test-support.ts";

let server: TenantServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface UserRecord {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail: string | null;
  managerId: string | null;
}
interface SentMail {
  subject: string;
  body: string;
  contentType: string;
  toRecipients: string[];
  saveToSentItems: boolean;
  from: { userPrincipalName: string };
  requestId: string;
}

const withMail = [...allScopes, "Mail.Send"];
const managerPath = (upn: string) => `/users/${encodeURIComponent(upn)}/manager?$select=id,displayName,userPrincipalName,mail`;
const message = (to: string, subject = "Passes for your new starters") => ({
  message: { subject, body: { contentType: "Text", content: "Hello" }, toRecipients: [{ emailAddress: { address: to } }] },
  saveToSentItems: false,
});

describe("managers", () => {
  let tenant: TestTenant;
  let sample: Sample;
  let token: string;
  let users: UserRecord[];
  beforeAll(async () => {
    tenant = await createTenant(server, { userCount: 300 });
    sample = await control<Sample>(server, `/tenants/${tenant.tenantId}/sample`);
    token = (await signIn(server, tenant)).access_token;
    users = await Promise.all(
      sample.ready.map((upn) => control<UserRecord>(server, `/tenants/${tenant.tenantId}/users/${encodeURIComponent(upn)}`)),
    );
  });

  it("seeds a share of people without a manager and some managers without a mailbox, the same for the same seed", async () => {
    const managerIds = new Set(users.flatMap((u) => (u.managerId === null ? [] : [u.managerId])));
    // Not counting the department heads, who have no manager by design.
    const without = users.filter((u) => u.managerId === null && !managerIds.has(u.id));
    expect(without.length).toBeGreaterThan(0);
    expect(without.length).toBeLessThan(users.length / 4);
    const managers = await Promise.all([...managerIds].map((id) => control<UserRecord>(server, `/tenants/${tenant.tenantId}/users/${id}`)));
    expect(managers.some((m) => m.mail === null)).toBe(true);
    expect(managers.some((m) => m.mail !== null)).toBe(true);
    const again = await createTenant(server, { userCount: 300 });
    const first300 = await control<UserRecord>(
      server,
      `/tenants/${again.tenantId}/users/${encodeURIComponent(first(without).userPrincipalName)}`,
    );
    expect(first300.managerId).toBeNull();
  });

  it("answers the manager with $select, directly and inside $batch; 404 Request_ResourceNotFound when none", async () => {
    const managed = users.find((u) => u.managerId !== null);
    const unmanaged = users.find((u) => u.managerId === null);
    if (!managed || !unmanaged) throw new Error("sample lacks a case");
    const res = await graph(server, token, managerPath(managed.userPrincipalName));
    expect(res.status).toBe(200);
    const manager = (await res.json()) as Record<string, unknown>;
    expect(manager.id).toBe(managed.managerId);
    expect(Object.keys(manager).sort()).toEqual(["@odata.context", "@odata.type", "displayName", "id", "mail", "userPrincipalName"]);

    const none = await graph(server, token, managerPath(unmanaged.userPrincipalName));
    expect(none.status).toBe(404);
    const error = (await none.json()) as GraphErrorBody;
    expect(error.error.code).toBe("Request_ResourceNotFound");
    expect(error.error.innerError["request-id"]).toBeTruthy();

    const batch = await graph(server, token, "/$batch", {
      method: "POST",
      body: {
        requests: [
          { id: "1", method: "GET", url: managerPath(managed.userPrincipalName) },
          { id: "2", method: "GET", url: managerPath(unmanaged.userPrincipalName) },
          { id: "3", method: "GET", url: managerPath("nobody@contoso.example") },
        ],
      },
    });
    const answers = (
      (await batch.json()) as { responses: { id: string; status: number; body: { id?: string; error?: { code: string } } }[] }
    ).responses;
    const byId = new Map(answers.map((a) => [a.id, a]));
    expect(byId.get("1")?.status).toBe(200);
    expect(byId.get("1")?.body.id).toBe(managed.managerId);
    expect(byId.get("2")?.status).toBe(404);
    expect(byId.get("2")?.body.error?.code).toBe("Request_ResourceNotFound");
    expect(byId.get("3")?.status).toBe(404);
  });

  it("needs User.Read.All to read another user's manager", async () => {
    const narrow = (await signIn(server, tenant, ["User.Read"])).access_token;
    const res = await graph(server, narrow, managerPath(first(sample.ready)));
    expect(res.status).toBe(403);
    expect(((await res.json()) as GraphErrorBody).error.code).toBe("Authorization_RequestDenied");
  });
});

describe("POST /me/sendMail", () => {
  let tenant: TestTenant;
  let token: string;
  const sent = async (t: TestTenant) => (await control<{ messages: SentMail[] }>(server, `/tenants/${t.tenantId}/sent-mail`)).messages;
  beforeAll(async () => {
    tenant = await createTenant(server, { userCount: 60 });
    token = (await signIn(server, tenant, withMail)).access_token;
  });

  it("accepts a message with 202 and no body, and records it per tenant for the control API", async () => {
    const res = await graph(server, token, "/me/sendMail", { method: "POST", body: message("boss@contoso.example") });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe("");
    const messages = await sent(tenant);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      subject: "Passes for your new starters",
      body: "Hello",
      contentType: "Text",
      toRecipients: ["boss@contoso.example"],
      saveToSentItems: false,
      from: { userPrincipalName: "megan.bowen@contoso.example" },
    });
    expect(messages[0]?.requestId).toBe(res.headers.get("request-id"));
    const other = await createTenant(server, { userCount: 60 });
    expect(await sent(other)).toEqual([]);
  });

  it("refuses a token without Mail.Send (403), also when the registration has no consent for it", async () => {
    const without = (await signIn(server, tenant, allScopes)).access_token;
    const res = await graph(server, without, "/me/sendMail", { method: "POST", body: message("boss@contoso.example") });
    expect(res.status).toBe(403);
    const error = (await res.json()) as GraphErrorBody;
    expect(error.error).toMatchObject({
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
    });

    const unconsented = await createTenant(server, { userCount: 60, consentedScopes: [...allScopes] });
    const asked = (await signIn(server, unconsented, withMail)).access_token;
    const refused = await graph(server, asked, "/me/sendMail", { method: "POST", body: message("boss@contoso.example") });
    expect(refused.status).toBe(403);
    expect(await sent(unconsented)).toEqual([]);
  });

  it("answers 400 BadRequest to a malformed message and records nothing", async () => {
    const bad: unknown[] = [
      {},
      { message: "hi" },
      { message: { subject: "x", toRecipients: [] } },
      { message: { subject: "x", toRecipients: [{ emailAddress: { address: "not-an-address" } }] } },
      { message: { subject: 3, toRecipients: [{ emailAddress: { address: "a@b.example" } }] } },
      {
        message: {
          subject: "x",
          body: { contentType: "Markdown", content: "x" },
          toRecipients: [{ emailAddress: { address: "a@b.example" } }],
        },
      },
      { message: { subjekt: "x", toRecipients: [{ emailAddress: { address: "a@b.example" } }] } },
      { ...message("a@b.example"), saveToSentItems: "no" },
    ];
    const fresh = await createTenant(server, { userCount: 60 });
    const t = (await signIn(server, fresh, withMail)).access_token;
    for (const body of bad) {
      const res = await graph(server, t, "/me/sendMail", { method: "POST", body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as GraphErrorBody).error.code).toBe("BadRequest");
    }
    expect(await sent(fresh)).toEqual([]);
  });

  it("works inside $batch", async () => {
    const fresh = await createTenant(server, { userCount: 60 });
    const t = (await signIn(server, fresh, withMail)).access_token;
    const res = await graph(server, t, "/$batch", {
      method: "POST",
      body: {
        requests: [
          {
            id: "m",
            method: "POST",
            url: "/me/sendMail",
            headers: { "Content-Type": "application/json" },
            body: message("x@contoso.example"),
          },
        ],
      },
    });
    const answers = ((await res.json()) as { responses: { status: number }[] }).responses;
    expect(answers[0]?.status).toBe(202);
    expect((await sent(fresh)).map((m) => m.toRecipients)).toEqual([["x@contoso.example"]]);
  });

  it("fails a recipient the control API names: 503 always, or 429 with Retry-After a given number of times", async () => {
    const fresh = await createTenant(server, { userCount: 60 });
    const t = (await signIn(server, fresh, withMail)).access_token;
    await control(server, `/tenants/${fresh.tenantId}/mail-failures`, {
      method: "PUT",
      body: { "Down@contoso.example": 503, "busy@contoso.example": { status: 429, times: 1 } },
    });
    const down = await graph(server, t, "/me/sendMail", { method: "POST", body: message("down@contoso.example") });
    expect(down.status).toBe(503);
    expect(((await down.json()) as GraphErrorBody).error.code).toBe("serviceNotAvailable");
    const busy = await graph(server, t, "/me/sendMail", { method: "POST", body: message("busy@contoso.example") });
    expect(busy.status).toBe(429);
    expect(busy.headers.get("retry-after")).toBe("1");
    const again = await graph(server, t, "/me/sendMail", { method: "POST", body: message("busy@contoso.example") });
    expect(again.status).toBe(202);
    expect((await sent(fresh)).map((m) => m.toRecipients[0])).toEqual(["busy@contoso.example"]);
  });
});
