import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signJwt } from "./jwt.ts";
import type { TenantServer } from "./server.ts";
import { appOrigin, control, createTenant, decodeJwt, first, graph, signIn, startTestServer } from "./test-support.ts";
import type { GraphErrorBody, Sample, TestTenant } from "./test-support.ts";

let server: TenantServer;
let tenant: TestTenant;
let token: string;
let sample: Sample;

beforeAll(async () => {
  server = await startTestServer();
  tenant = await createTenant(server, { userCount: 300, seed: 7 });
  token = (await signIn(server, tenant)).access_token;
  sample = await control<Sample>(server, `/tenants/${tenant.tenantId}/sample`);
});
afterAll(async () => {
  await server.close();
});

async function errorOf(res: Response): Promise<GraphErrorBody["error"]> {
  return ((await res.json()) as GraphErrorBody).error;
}

interface UserList {
  value: Record<string, unknown>[];
  "@odata.nextLink"?: string;
  "@odata.count"?: number;
}

describe("bearer token validation", () => {
  it("answers 401 'Access token is empty.' without a token", async () => {
    const res = await graph(server, null, "/me");
    expect(res.status).toBe(401);
    const error = await errorOf(res);
    expect(error.code).toBe("InvalidAuthenticationToken");
    expect(error.message).toBe("Access token is empty.");
  });

  it("answers 401 for a garbled token and for a bad signature", async () => {
    expect((await errorOf(await graph(server, "not-a-jwt", "/me"))).message).toMatch(/^CompactToken parsing failed/);
    const [h, p] = token.split(".");
    const forged = `${h}.${p}.${Buffer.from("nope").toString("base64url")}`;
    const res = await graph(server, forged, "/me");
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/^Access token validation failure/);
  });

  it("answers 401 with WWW-Authenticate for an expired token", async () => {
    const claims = decodeJwt(token);
    const expired = signJwt({ ...claims, iat: 1000, nbf: 1000, exp: 2000 });
    const res = await graph(server, expired, "/me");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect((await errorOf(res)).message).toBe("Access token has expired or is not yet valid.");
  });

  it("answers 401 to everything while rejectTokens is on", async () => {
    const other = await createTenant(server, { userCount: 60 });
    const t = (await signIn(server, other)).access_token;
    expect((await graph(server, t, "/me")).status).toBe(200);
    await control(server, `/tenants/${other.tenantId}`, { method: "PATCH", body: { knobs: { rejectTokens: true } } });
    expect((await graph(server, t, "/me")).status).toBe(401);
  });

  it("answers 403 Authorization_RequestDenied when a scope is missing", async () => {
    const narrow = (await signIn(server, tenant, ["User.Read"])).access_token;
    const res = await graph(server, narrow, `/users/${sample.ready[0] ?? ""}`);
    expect(res.status).toBe(403);
    const error = await errorOf(res);
    expect(error.code).toBe("Authorization_RequestDenied");
    expect(error.message).toBe("Insufficient privileges to complete the operation.");
  });
});

describe("response envelope and CORS", () => {
  it("sets request ids, OData content type and echoes client-request-id", async () => {
    const res = await graph(server, token, "/me", { headers: { "client-request-id": "my-id-1" } });
    expect(res.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("client-request-id")).toBe("my-id-1");
    expect(res.headers.get("content-type")).toMatch(/^application\/json;odata\.metadata=minimal/);
  });

  it("puts date and ids in innerError", async () => {
    const res = await graph(server, token, "/users/nobody@contoso.example", { headers: { "client-request-id": "cid-9" } });
    const error = await errorOf(res);
    expect(Object.keys(error.innerError).sort()).toEqual(["client-request-id", "date", "request-id"]);
    expect(error.innerError["client-request-id"]).toBe("cid-9");
    expect(error.innerError["request-id"]).toBe(res.headers.get("request-id"));
  });

  it("answers preflights and reflects Origin without exposing Retry-After", async () => {
    const pre = await fetch(`${server.url}/v1.0/me`, {
      method: "OPTIONS",
      headers: {
        Origin: appOrigin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization,consistencylevel",
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(appOrigin);
    expect(pre.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("consistencylevel");
    const res = await graph(server, token, "/me", { headers: { Origin: appOrigin } });
    expect(res.headers.get("access-control-allow-origin")).toBe(appOrigin);
    expect(res.headers.get("vary")).toContain("Origin");
    const exposed = res.headers.get("access-control-expose-headers") ?? "";
    expect(exposed).toContain("request-id");
    expect(exposed).toContain("client-request-id");
    expect(exposed.toLowerCase()).not.toContain("retry-after");
  });
});

describe("me, organization, roles", () => {
  it("returns the signed-in persona and the organization", async () => {
    const me = (await (await graph(server, token, "/me")).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ displayName: "Megan Bowen", userPrincipalName: sample.personas.paa });
    expect(me).toHaveProperty("businessPhones");
    expect(me).not.toHaveProperty("accountEnabled");
    const org = (await (await graph(server, token, "/organization")).json()) as {
      value: { id: string; verifiedDomains: { name: string }[] }[];
    };
    expect(first(org.value).id).toBe(tenant.tenantId);
    expect(first(first(org.value).verifiedDomains).name).toBe("contoso.example");
  });

  it("lists directory roles, with or without $count, without their properties (limited-information rule)", async () => {
    for (const [path, headers] of [
      ["/me/transitiveMemberOf/microsoft.graph.directoryRole", {}],
      ["/me/transitiveMemberOf/microsoft.graph.directoryRole?$count=true", { ConsistencyLevel: "eventual" }],
    ] as const) {
      const body = (await (await graph(server, token, path, { headers })).json()) as {
        value: { roleTemplateId: string | null; "@odata.type": string }[];
      };
      expect(body.value.map((r) => r.roleTemplateId)).toEqual([null]);
      expect(first(body.value)["@odata.type"]).toBe("#microsoft.graph.directoryRole");
    }
  });

  it("lists another user's roles", async () => {
    const res = await graph(
      server,
      token,
      `/users/${encodeURIComponent(first(sample.privilegedAdmins))}/transitiveMemberOf/microsoft.graph.directoryRole`,
    );
    const body = (await res.json()) as { value: unknown[] };
    expect(body.value.length).toBeGreaterThan(0);
  });
});

describe("GET /users/{key}", () => {
  it("finds a user by UPN case-insensitively and by id, with $select", async () => {
    const upn = first(sample.ready);
    const res = await graph(
      server,
      token,
      `/users/${encodeURIComponent(upn.toUpperCase())}?$select=id,userPrincipalName,accountEnabled,userType`,
    );
    const user = (await res.json()) as Record<string, unknown>;
    expect(user.userPrincipalName).toBe(upn);
    expect(user["@odata.context"]).toContain("$metadata#users(id,userPrincipalName,accountEnabled,userType)/$entity");
    expect(Object.keys(user).sort()).toEqual(["@odata.context", "accountEnabled", "id", "userPrincipalName", "userType"]);
    const byId = (await (await graph(server, token, `/users/${user.id as string}`)).json()) as Record<string, unknown>;
    expect(byId.userPrincipalName).toBe(upn);
  });

  it("supports the ('…') key syntax", async () => {
    const upn = first(sample.ready);
    const res = await graph(server, token, `/users('${encodeURIComponent(upn.replace(/'/g, "''"))}')`);
    expect(res.status).toBe(200);
  });

  it("answers 404 Request_ResourceNotFound for an unknown user", async () => {
    const res = await graph(server, token, "/users/ghost@contoso.example");
    expect(res.status).toBe(404);
    const error = await errorOf(res);
    expect(error.code).toBe("Request_ResourceNotFound");
    expect(error.message).toBe(
      "Resource 'ghost@contoso.example' does not exist or one of its queried reference-property objects are not present.",
    );
  });

  it("finds #EXT# guests only when # is percent-encoded", async () => {
    const guest = first(sample.externalGuests);
    expect(guest).toContain("#EXT#");
    const encoded = await graph(server, token, `/users/${guest.replace(/#/g, "%23")}?$select=userType,externalUserState,creationType`);
    expect(encoded.status).toBe(200);
    expect(await encoded.json()).toMatchObject({ userType: "Guest", creationType: "Invitation" });
    const raw = await graph(server, token, `/users/${guest}`);
    expect(raw.status).toBe(404);
  });

  it("answers 400 for a malformed key or an unknown $select property", async () => {
    expect((await graph(server, token, "/users/a%2Fb@contoso.example")).status).toBe(400);
    const res = await graph(server, token, `/users/${encodeURIComponent(first(sample.ready))}?$select=id,shoeSize`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("Request_BadRequest");
  });
});

describe("GET /users: $search, $filter, paging", () => {
  it("requires ConsistencyLevel: eventual for $search", async () => {
    const res = await graph(server, token, `/users?$search=${encodeURIComponent('"displayName:a"')}`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("Request_UnsupportedQuery");
    expect(error.message).toBe(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  });

  it("matches displayName by word prefix, not substring, and folds accents", async () => {
    const search = async (expr: string): Promise<UserList> =>
      (await (
        await graph(server, token, `/users?$search=${encodeURIComponent(expr)}&$top=999`, { headers: { ConsistencyLevel: "eventual" } })
      ).json()) as UserList;
    const megan = await search('"displayName:meg"');
    expect(megan.value.map((u) => u.displayName)).toContain("Megan Bowen");
    const bowen = await search('"displayName:bow"');
    expect(bowen.value.map((u) => u.displayName)).toContain("Megan Bowen");
    const infix = await search('"displayName:egan"');
    expect(infix.value.map((u) => u.displayName)).not.toContain("Megan Bowen");
    const both = await search('"displayName:megan" AND "displayName:bowen"');
    expect(both.value.map((u) => u.displayName)).toEqual(["Megan Bowen"]);
    const either = await search('"displayName:megan" OR "userPrincipalName:adele.v"');
    expect(either.value.map((u) => u.displayName).sort()).toEqual(["Adele Vance", "Megan Bowen"]);
  });

  it("rejects invalid $search syntax", async () => {
    for (const expr of ["displayName:megan", '"displayName:megan" and "displayName:x"', '"nope:x"', '"displayName:meg']) {
      const res = await graph(server, token, `/users?$search=${encodeURIComponent(expr)}`, { headers: { ConsistencyLevel: "eventual" } });
      expect(res.status, expr).toBe(400);
    }
  });

  it("pages with an absolute nextLink, counts on the first page, and needs the header again", async () => {
    const headers = { ConsistencyLevel: "eventual" };
    const firstPage = (await (
      await graph(server, token, `/users?$search=${encodeURIComponent('"displayName:a"')}&$count=true&$top=5&$select=id`, { headers })
    ).json()) as UserList;
    expect(firstPage.value).toHaveLength(5);
    expect(firstPage["@odata.count"]).toBeGreaterThan(5);
    const next = firstPage["@odata.nextLink"] ?? "";
    expect(next.startsWith(`${server.url}/v1.0/users?`)).toBe(true);
    expect(next).toContain("$skiptoken=");
    const page2Res = await fetch(next, { headers: { Authorization: `Bearer ${token}`, ...headers } });
    const page2 = (await page2Res.json()) as UserList;
    expect(page2["@odata.count"]).toBeUndefined();
    expect(page2.value.map((u) => u.id)).not.toContain(first(firstPage.value).id);
    const withoutHeader = await fetch(next, { headers: { Authorization: `Bearer ${token}` } });
    expect(withoutHeader.status).toBe(400);
  });

  it("walks every page of /users with the default page size", async () => {
    let url: string | undefined = `${server.url}/v1.0/users?$select=id`;
    const ids = new Set<string>();
    let pages = 0;
    while (url) {
      const body = (await (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json()) as UserList;
      body.value.forEach((u) => ids.add(u.id as string));
      url = body["@odata.nextLink"];
      pages++;
    }
    expect(ids.size).toBe(302); // 300 + the aa-sales and custom personas
    expect(pages).toBe(4);
  });

  it("validates $top", async () => {
    expect((await graph(server, token, "/users?$top=1000")).status).toBe(400);
    expect((await graph(server, token, "/users?$top=0")).status).toBe(400);
    expect((await graph(server, token, "/users?$top=999")).status).toBe(200);
  });

  it("filters with startswith, doubled quotes, eq, in, and/or", async () => {
    const filter = async (expr: string): Promise<UserList> => {
      const res = await graph(
        server,
        token,
        `/users?$filter=${encodeURIComponent(expr)}&$top=999&$select=id,displayName,userPrincipalName,accountEnabled,userType`,
      );
      expect(res.status, expr).toBe(200);
      return (await res.json()) as UserList;
    };
    const megan = await filter("startswith(displayName,'Megan B')");
    expect(megan.value.map((u) => u.displayName)).toContain("Megan Bowen");
    const apostrophe = sample.ready.find((u) => u.includes("'"));
    if (apostrophe) {
      const found = await filter(`startswith(userPrincipalName,'${apostrophe.replace(/'/g, "''")}')`);
      expect(found.value.map((u) => u.userPrincipalName)).toContain(apostrophe);
    }
    const disabled = await filter("accountEnabled eq false");
    expect(disabled.value.length).toBeGreaterThan(0);
    expect(disabled.value.every((u) => u.accountEnabled === false)).toBe(true);
    const guests = await filter("userType eq 'Guest' and accountEnabled eq true");
    expect(guests.value.every((u) => u.userType === "Guest")).toBe(true);
    const pair = await filter(`userPrincipalName eq '${sample.personas.aa}' or userPrincipalName eq '${sample.personas.user}'`);
    expect(pair.value).toHaveLength(2);
    const inList = await filter(`userPrincipalName in ('${sample.personas.aa}','${sample.personas.user}')`);
    expect(inList.value).toHaveLength(2);
  });

  it("rejects unsupported or malformed filters with 400", async () => {
    for (const expr of [
      "contains(displayName,'x')",
      "endswith(userPrincipalName,'x')",
      "shoeSize eq 'x'",
      "startswith(displayName,'x",
      "displayName gt 'a'",
    ]) {
      const res = await graph(server, token, `/users?$filter=${encodeURIComponent(expr)}`);
      expect(res.status, expr).toBe(400);
    }
    const advanced = await graph(
      server,
      token,
      `/users?$filter=${encodeURIComponent("endswith(userPrincipalName,'#EXT#@contoso.example')")}&$count=true`,
      {
        headers: { ConsistencyLevel: "eventual" },
      },
    );
    expect(advanced.status).toBe(200);
    expect(((await advanced.json()) as UserList).value.length).toBe(sample.externalGuests.length);
  });
});

describe("GET /me/people", () => {
  it("returns relevance-ordered people, default 10, with the documented shape", async () => {
    const res = await graph(server, token, "/me/people");
    const body = (await res.json()) as { value: { personType: { class: string; subclass: string }; scoredEmailAddresses: unknown[] }[] };
    expect(body.value).toHaveLength(10);
    expect(body.value.some((p) => p.personType.class === "Group")).toBe(true);
    const person = body.value.find((p) => p.personType.class === "Person");
    expect(person?.personType.subclass).toBe("OrganizationUser");
    expect(person?.scoredEmailAddresses.length).toBe(1);
  });

  it("finds people fuzzily by name and alias", async () => {
    const search = async (text: string): Promise<{ displayName: string; userPrincipalName: string }[]> =>
      (
        (await (await graph(server, token, `/me/people?$search=${encodeURIComponent(`"${text}"`)}&$top=25`)).json()) as {
          value: { displayName: string; userPrincipalName: string }[];
        }
      ).value;
    expect((await search("adele")).map((p) => p.displayName)).toContain("Adele Vance");
    expect((await search("adelle")).map((p) => p.displayName)).toContain("Adele Vance");
    expect(first(await search("adele.vance")).userPrincipalName).toBe(sample.personas.aa);
  });

  it("needs People.Read", async () => {
    const narrow = (await signIn(server, tenant, ["User.Read"])).access_token;
    expect((await graph(server, narrow, "/me/people")).status).toBe(403);
  });
});
