import { describe, expect, it } from "vitest";
import {
  buildCreateTapBatchRequest,
  buildGetManagerBatchRequest,
  deleteTemporaryAccessPass,
  listMyDirectoryRoles,
  listMyPeople,
  listTemporaryAccessPassMethodsOf,
  listUsers,
  sendMailAsMe,
} from "./operations";
import { collectPages } from "./paging";
import { buildUserSearchExpression } from "./search-query";
import * as v from "valibot";
import type { BatchRequest, BatchResponse, BodyReader, GraphClient, GraphRequestOptions } from "./types";

/** A client that records calls and answers from a map keyed by path. */
function recordingClient(pages: Record<string, unknown> = {}) {
  const calls: Array<{ path: string; options: GraphRequestOptions | undefined }> = [];
  const client: GraphClient = {
    async request<T>(path: string, options: GraphRequestOptions & { read: BodyReader<T> }): Promise<T> {
      calls.push({ path, options });
      return options.read(pages[path] ?? { value: [] });
    },
    async batch() {
      throw new Error("not used");
    },
  };
  return { client, calls };
}

describe("Graph operations", () => {
  it("sends mail as the signed-in admin asking for Mail.Send on that call only, keeping no copy in Sent Items", async () => {
    const { client, calls } = recordingClient();
    const message = {
      subject: "s",
      body: { contentType: "Text" as const, content: "b" },
      toRecipients: [{ emailAddress: { address: "m@x.example" } }],
    };
    await sendMailAsMe(client, message);
    expect(calls[0]!.path).toBe("/me/sendMail");
    expect(calls[0]!.options).toMatchObject({ method: "POST", body: { message, saveToSentItems: false }, extraPermissions: ["Mail.Send"] });
  });

  it("reads a manager with the four properties the hand-off needs, the UPN's # encoded", () => {
    expect(buildGetManagerBatchRequest("0m", "ann_x.com#EXT#@contoso.com")).toEqual({
      id: "0m",
      method: "GET",
      url: `/users/ann_x.com%23EXT%23@contoso.com/manager?$select=${encodeURIComponent("id,displayName,userPrincipalName,mail")}`,
    });
  });

  it("listUsers percent-encodes $search and sends ConsistencyLevel: eventual", async () => {
    const { client, calls } = recordingClient();
    await listUsers(client, { search: buildUserSearchExpression("r&d", ["displayName"]), top: 5, select: ["id"] });
    expect(calls[0]!.path).toBe(`/users?$search=${encodeURIComponent('"displayName:r&d"')}&$select=id&$top=5`);
    expect(calls[0]!.options?.headers).toEqual({ ConsistencyLevel: "eventual" });
  });

  it("listUsers with a plain startswith filter needs no ConsistencyLevel", async () => {
    const { client, calls } = recordingClient();
    await listUsers(client, { filter: "startswith(displayName,'a')", select: ["id"] });
    expect(calls[0]!.options?.headers).toBeUndefined();
    expect(calls[0]!.path).toBe(`/users?$filter=${encodeURIComponent("startswith(displayName,'a')")}&$select=id`);
  });

  it("listUsers with $count sends ConsistencyLevel", async () => {
    const { client, calls } = recordingClient();
    await listUsers(client, { count: true, select: ["id"] });
    expect(calls[0]!.options?.headers).toEqual({ ConsistencyLevel: "eventual" });
  });

  it("listMyPeople passes the search and page size", async () => {
    const { client, calls } = recordingClient();
    await listMyPeople(client, '"ann"', 7);
    expect(calls[0]!.path).toBe(`/me/people?$search=${encodeURIComponent('"ann"')}&$top=7`);
  });

  it("listMyDirectoryRoles follows next links and resends ConsistencyLevel on every page", async () => {
    const first = "/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=id%2CdisplayName%2CroleTemplateId&$count=true";
    const next = "https://graph.example.test/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole?$skiptoken=2";
    const { client, calls } = recordingClient({
      [first]: { value: [{ id: "1", displayName: "A", roleTemplateId: "t1" }], "@odata.nextLink": next },
      [next]: { value: [{ id: "2", displayName: "B", roleTemplateId: "t2" }] },
    });
    const roles = await listMyDirectoryRoles(client);
    expect(roles.map((role) => role.roleTemplateId)).toEqual(["t1", "t2"]);
    expect(calls.map((call) => call.options?.headers)).toEqual([{ ConsistencyLevel: "eventual" }, { ConsistencyLevel: "eventual" }]);
  });

  it("deleteTemporaryAccessPass addresses the method under the encoded user", async () => {
    const { client, calls } = recordingClient();
    await deleteTemporaryAccessPass(client, "a#EXT#@contoso.com", "pass-1");
    expect(calls[0]).toMatchObject({
      path: "/users/a%23EXT%23@contoso.com/authentication/temporaryAccessPassMethods/pass-1",
      options: { method: "DELETE" },
    });
  });

  it("buildCreateTapBatchRequest uses a version-less relative URL and a Content-Type header", () => {
    expect(buildCreateTapBatchRequest("7", "u-1", { lifetimeInMinutes: 60 })).toEqual({
      id: "7",
      method: "POST",
      url: "/users/u-1/authentication/temporaryAccessPassMethods",
      headers: { "Content-Type": "application/json" },
      body: { lifetimeInMinutes: 60 },
    });
  });
});

describe("collectPages", () => {
  it("stops at maxItems and says the list was truncated", async () => {
    const { client, calls } = recordingClient({
      "/users": { value: [1, 2, 3], "@odata.count": 9, "@odata.nextLink": "https://g/v1.0/users?p=2" },
      "https://g/v1.0/users?p=2": { value: [4, 5, 6], "@odata.nextLink": "https://g/v1.0/users?p=3" },
    });
    const result = await collectPages(client, "/users", v.number(), { maxItems: 5 });
    expect(result).toEqual({ items: [1, 2, 3, 4, 5], count: 9, truncated: true });
    expect(calls).toHaveLength(2);
  });

  it("collects everything when under the limit", async () => {
    const { client } = recordingClient({ "/users": { value: [1, 2] } });
    expect(await collectPages(client, "/users", v.number())).toEqual({ items: [1, 2], count: null, truncated: false });
  });

  it("listTemporaryAccessPassMethodsOf reads 21 users in two $batch calls of GETs, and maps a refused or odd answer to null", async () => {
    const batches: BatchRequest[][] = [];
    const pass = {
      id: "m1",
      temporaryAccessPass: null,
      createdDateTime: "2026-06-01T10:00:00Z",
      startDateTime: "2026-06-01T10:00:00Z",
      lifetimeInMinutes: 60,
      isUsableOnce: false,
      isUsable: true,
      methodUsabilityReason: "EnabledByPolicy",
    };
    const client: GraphClient = {
      request: () => Promise.reject(new Error("not used")),
      async batch(requests): Promise<BatchResponse[]> {
        batches.push(requests);
        return requests.map((request) => {
          const user = request.url.split("/")[2];
          if (user === "u1") return { id: request.id, status: 403, headers: {}, body: { error: { code: "accessDenied", message: "no" } } };
          if (user === "u2") return { id: request.id, status: 200, headers: {}, body: { value: [{ id: 7 }] } };
          return { id: request.id, status: 200, headers: {}, body: { value: user === "u0" ? [pass] : [] } };
        });
      },
    };
    const ids = Array.from({ length: 21 }, (_, n) => `u${n}`);
    const held = await listTemporaryAccessPassMethodsOf(client, ids);
    expect(batches.map((batch) => batch.length)).toEqual([20, 1]);
    expect(
      batches.flat().every((request) => request.method === "GET" && request.url.endsWith("/authentication/temporaryAccessPassMethods")),
    ).toBe(true);
    expect(held.get("u0")?.map((each) => each.id)).toEqual(["m1"]);
    expect(held.get("u1")).toBeNull();
    expect(held.get("u2")).toBeNull();
    expect(held.get("u20")).toEqual([]);
    expect(held.size).toBe(21);
  });
});
