import { afterEach, describe, expect, it, vi } from "vitest";
import { GraphError, GraphNetworkError, GraphResponseShapeError } from "./graph-error";
import { createGraphClient, GraphUrlError, resolveGraphUrl } from "./graph-client";
import { BatchUsageError, MISSING_BATCH_RESPONSE_STATUS, batchResponseError } from "./batch";
import { collectPages } from "./paging";
import { directoryRoleShape, directoryUserShape, readerOf } from "./response-shapes";

const BASE = "https://graph.example.test/v1.0";

/** These tests are about transport; the shape checks have their own tests. */
const anyBody = (body: unknown) => body;

interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

/** A fetch that answers from a script, one entry per call, and records what it was sent. */
function scriptedFetch(script: Array<(request: SeenRequest) => Response | Promise<Response>>) {
  const seen: SeenRequest[] = [];
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
    const request: SeenRequest = {
      url: String(input),
      method: init?.method ?? "GET",
      headers,
      body: typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
    };
    seen.push(request);
    const step = script[seen.length - 1];
    if (!step) throw new Error(`unexpected request ${request.method} ${request.url}`);
    return step(request);
  });
  return { fetchImpl: fetchImpl as unknown as typeof fetch, seen };
}

function clientWith(script: Parameters<typeof scriptedFetch>[0], extra: { timeoutMs?: number } = {}) {
  const { fetchImpl, seen } = scriptedFetch(script);
  const tokens: Array<{ forceRefresh?: boolean; extraPermissions?: readonly string[] } | undefined> = [];
  let issued = 0;
  const client = createGraphClient({
    baseUrl: BASE,
    fetchImpl,
    getAccessToken: async (options) => {
      tokens.push(options);
      issued += 1;
      return `token-${issued}`;
    },
    now: () => Date.parse("2025-01-01T00:00:00Z"),
    ...extra,
  });
  return { client, seen, tokens };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

afterEach(() => {
  vi.useRealTimers();
});

describe("createGraphClient", () => {
  it("sends the bearer token, a client-request-id and a JSON body", async () => {
    const { client, seen } = clientWith([() => jsonResponse(201, { id: "x" })]);
    const result = await client.request("/users/u1/authentication/temporaryAccessPassMethods", {
      read: anyBody,
      method: "POST",
      body: { lifetimeInMinutes: 60 },
    });
    expect(result).toEqual({ id: "x" });
    const request = seen[0]!;
    expect(request.url).toBe(`${BASE}/users/u1/authentication/temporaryAccessPassMethods`);
    expect(request.headers.Authorization).toBe("Bearer token-1");
    expect(request.headers["client-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.headers["Content-Type"]).toBe("application/json");
    expect(request.body).toEqual({ lifetimeInMinutes: 60 });
  });

  it("uses a fresh client-request-id for every request", async () => {
    const { client, seen } = clientWith([() => jsonResponse(200, {}), () => jsonResponse(200, {})]);
    await client.request("/me", { read: anyBody });
    await client.request("/me", { read: anyBody });
    expect(seen[0]!.headers["client-request-id"]).not.toBe(seen[1]!.headers["client-request-id"]);
  });

  it("resolves an empty 204 answer to undefined", async () => {
    const { client } = clientWith([() => new Response(null, { status: 204 })]);
    await expect(
      client.request("/users/u1/authentication/temporaryAccessPassMethods/p", { read: anyBody, method: "DELETE" }),
    ).resolves.toBeUndefined();
  });

  it("parses a camel-case innerError into a GraphError with its request id", async () => {
    const { client } = clientWith([
      () =>
        jsonResponse(400, {
          error: {
            code: "badRequest",
            message: "Invalid LifetimeInMinutes specified. The valid range between 60 and 480.",
            innerError: { "request-id": "req-1", date: "2025-01-01T00:00:00", code: "inner-code" },
          },
        }),
    ]);
    const error = await caught(client.request("/x", { read: anyBody }));
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({
      status: 400,
      code: "badRequest",
      message: "Invalid LifetimeInMinutes specified. The valid range between 60 and 480.",
      requestId: "req-1",
      innerCode: "inner-code",
      retryAfter: null,
    });
  });

  it("parses a lower-case innererror the same way", async () => {
    const { client } = clientWith([
      () =>
        jsonResponse(403, {
          error: { code: "Authorization_RequestDenied", message: "Insufficient privileges", innererror: { "request-id": "req-2" } },
        }),
    ]);
    expect(await caught(client.request("/x", { read: anyBody }))).toMatchObject({
      status: 403,
      code: "Authorization_RequestDenied",
      requestId: "req-2",
    });
  });

  it("falls back to the request-id header when the body has none", async () => {
    const { client } = clientWith([
      () => jsonResponse(404, { error: { code: "Request_ResourceNotFound", message: "gone" } }, { "request-id": "hdr-id" }),
    ]);
    expect(await caught(client.request("/x", { read: anyBody }))).toMatchObject({ status: 404, requestId: "hdr-id" });
  });

  it("still produces a GraphError when the error body is missing", async () => {
    const { client } = clientWith([() => new Response(null, { status: 502 })]);
    const error = await caught(client.request("/x", { read: anyBody }));
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 502, code: "badGateway", requestId: null });
  });

  it("still produces a GraphError when the error body is not JSON", async () => {
    const { client } = clientWith([
      () => new Response("<html>Service Unavailable</html>", { status: 503, headers: { "Content-Type": "text/html" } }),
    ]);
    const error = await caught(client.request("/x", { read: anyBody }));
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 503, code: "serviceNotAvailable" });
    expect((error as GraphError).message).toContain("Service Unavailable");
  });

  it.each([
    ["10", 10],
    ["2.128", 2.128],
    ["Wed, 01 Jan 2025 00:00:30 GMT", 30],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["soon", null],
  ])("reads Retry-After %j as %j seconds", async (header, expected) => {
    const { client } = clientWith([
      () => jsonResponse(429, { error: { code: "TooManyRequests", message: "Please retry again later." } }, { "Retry-After": header }),
    ]);
    expect(await caught(client.request("/x", { read: anyBody }))).toMatchObject({ status: 429, retryAfter: expected });
  });

  it("leaves retryAfter null when the header is not readable (not exposed by CORS)", async () => {
    const { client } = clientWith([() => jsonResponse(429, { error: { code: "TooManyRequests", message: "later" } })]);
    expect(await caught(client.request("/x", { read: anyBody }))).toMatchObject({ status: 429, retryAfter: null });
  });

  it("retries a 401 once with a force-refreshed token", async () => {
    const { client, seen, tokens } = clientWith([
      () => jsonResponse(401, { error: { code: "InvalidAuthenticationToken", message: "Access token has expired." } }),
      () => jsonResponse(200, { id: "me" }),
    ]);
    await expect(client.request("/me", { read: anyBody })).resolves.toEqual({ id: "me" });
    expect(tokens).toEqual([undefined, { forceRefresh: true }]);
    expect(seen.map((request) => request.headers.Authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("asks the token provider for a call's extra permissions, also on the 401 retry, and sends no such header", async () => {
    const { client, seen, tokens } = clientWith([
      () => jsonResponse(401, { error: { code: "InvalidAuthenticationToken", message: "Access token has expired." } }),
      () => jsonResponse(200, { value: [] }),
    ]);
    await client.request("/auditLogs/directoryAudits", { extraPermissions: ["AuditLog.Read.All"], read: anyBody });
    expect(tokens).toEqual([{ extraPermissions: ["AuditLog.Read.All"] }, { forceRefresh: true, extraPermissions: ["AuditLog.Read.All"] }]);
    expect(Object.keys(seen[0]!.headers).some((name) => /permission/i.test(name))).toBe(false);
  });

  it("gives up after the second 401 instead of looping", async () => {
    const unauthorized = () => jsonResponse(401, { error: { code: "InvalidAuthenticationToken", message: "nope" } });
    const { client, seen } = clientWith([unauthorized, unauthorized]);
    expect(await caught(client.request("/me", { read: anyBody }))).toMatchObject({ status: 401, code: "InvalidAuthenticationToken" });
    expect(seen).toHaveLength(2);
  });

  it("turns a transport failure of a POST into an ambiguous GraphNetworkError", async () => {
    const { client } = clientWith([
      () => {
        throw new TypeError("Failed to fetch");
      },
    ]);
    const error = await caught(client.request("/x", { read: anyBody, method: "POST", body: {} }));
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect(error).toMatchObject({ reason: "network", ambiguous: true });
  });

  it("times out a request that never answers", async () => {
    vi.useFakeTimers();
    const hanging = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      })) as typeof fetch;
    const client = createGraphClient({ baseUrl: BASE, getAccessToken: async () => "t", timeoutMs: 5000, fetchImpl: hanging });
    let settled = false;
    const pending = caught(client.request("/x", { read: anyBody, method: "POST", body: {} })).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(4999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect(error).toMatchObject({ reason: "timeout", ambiguous: true });
  });

  it("reports a caller abort as an aborted GraphNetworkError, and does not send when already aborted", async () => {
    const controller = new AbortController();
    const fetchImpl = vi.fn(
      (_input: RequestInfo | URL, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
        }),
    );
    const client = createGraphClient({ baseUrl: BASE, getAccessToken: async () => "t", fetchImpl: fetchImpl as unknown as typeof fetch });
    const pending = caught(client.request("/users", { read: anyBody, signal: controller.signal }));
    await Promise.resolve();
    await Promise.resolve();
    controller.abort();
    expect(await pending).toMatchObject({ name: "GraphNetworkError", reason: "aborted" });

    const again = await caught(client.request("/users", { read: anyBody, signal: controller.signal }));
    expect(again).toMatchObject({ reason: "aborted", ambiguous: false });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it("follows an absolute nextLink under the base URL", async () => {
    const { client, seen } = clientWith([() => jsonResponse(200, { value: [] })]);
    await client.request(`${BASE}/users?$skiptoken=abc`, { read: anyBody });
    expect(seen[0]!.url).toBe(`${BASE}/users?$skiptoken=abc`);
  });

  it.each([
    "https://evil.example/v1.0/users",
    "https://graph.example.test/beta/users",
    "https://graph.example.test/v1.0evil/users",
    "https://graph.example.test.evil.example/v1.0/users",
    "https://user:pass@graph.example.test/v1.0/users",
    "http://graph.example.test/v1.0/users",
    "https://graph.example.test/v1.0/../beta/users",
  ])("refuses to send the token to %s", async (link) => {
    const { client, seen } = clientWith([() => jsonResponse(200, {})]);
    expect(await caught(client.request(link, { read: anyBody }))).toBeInstanceOf(GraphUrlError);
    expect(seen).toHaveLength(0);
  });

  it("rejects protocol-relative and relative paths without a leading slash", () => {
    expect(() => resolveGraphUrl(BASE, "//evil.example/x")).toThrow(GraphUrlError);
    expect(() => resolveGraphUrl(BASE, "users")).toThrow(GraphUrlError);
    expect(resolveGraphUrl(`${BASE}/`, "/me")).toBe(`${BASE}/me`);
  });
});

describe("createGraphClient: answers that don't fit", () => {
  it("turns a malformed success into a GraphResponseShapeError with its status, request id and the field", async () => {
    const { client } = clientWith([
      () => jsonResponse(200, { displayName: "Ada", userPrincipalName: "ada@contoso.com" }, { "request-id": "req-shape" }),
    ]);
    const error = await caught(client.request("/users/ada", { read: readerOf(directoryUserShape) }));
    expect(error).toBeInstanceOf(GraphResponseShapeError);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 200, code: "unexpectedAnswer", requestId: "req-shape", problem: "id is missing" });
    expect((error as Error).message).toBe("Microsoft Graph sent an answer TAP Desk couldn't read (id is missing).");
  });

  it("checks every page it follows and names the item that did not fit", async () => {
    const { client } = clientWith([
      () => jsonResponse(200, { value: [{ id: "r1", displayName: null, roleTemplateId: null }], "@odata.nextLink": `${BASE}/me/x?p=2` }),
      () => jsonResponse(200, { value: [{ id: 2 }] }, { "request-id": "page-2" }),
    ]);
    const error = await caught(collectPages(client, "/me/x", directoryRoleShape));
    expect(error).toMatchObject({
      name: "GraphResponseShapeError",
      requestId: "page-2",
      problem: "value.0.id: expected string, got a number",
    });
  });

  it("leaves errors a reader throws for other reasons alone", async () => {
    const { client } = clientWith([() => jsonResponse(200, {})]);
    const boom = new RangeError("not a shape problem");
    expect(
      await caught(
        client.request("/x", {
          read: () => {
            throw boom;
          },
        }),
      ),
    ).toBe(boom);
  });

  it("reads error bodies in any casing: innererror, InnerError, Code", async () => {
    const { client } = clientWith([
      () =>
        jsonResponse(429, { Error: { Code: "TooManyRequests", message: "slow", InnerError: { code: "429", "Request-Id": "in-body" } } }),
      () => jsonResponse(400, { error: { code: 7, message: "", innererror: "text" } }, { "request-id": "hdr" }),
    ]);
    expect(await caught(client.request("/x", { read: anyBody }))).toMatchObject({
      status: 429,
      code: "TooManyRequests",
      message: "slow",
      innerCode: "429",
      requestId: "in-body",
    });
    // Wrong types read as "not sent", so Graph's status still gives a code and the header the request id.
    expect(await caught(client.request("/x", { read: anyBody }))).toMatchObject({
      status: 400,
      code: "badRequest",
      message: "Microsoft Graph answered 400 (badRequest).",
      requestId: "hdr",
    });
  });
});

describe("GraphClient.batch", () => {
  const requests = [
    { id: "1", method: "POST" as const, url: "/users/a/authentication/temporaryAccessPassMethods", body: {} },
    { id: "2", method: "POST" as const, url: "/users/b/authentication/temporaryAccessPassMethods", body: {} },
    { id: "3", method: "GET" as const, url: "/users/c" },
  ];

  it("posts to /$batch and matches answers given in any order, with lower-case header names", async () => {
    const { client, seen } = clientWith([
      () =>
        jsonResponse(200, {
          responses: [
            { id: "3", status: 200, headers: { "Content-Type": "application/json" }, body: { id: "c" } },
            { id: "1", status: 201, body: { id: "pass-a" } },
            { id: "2", status: 429, headers: { "Retry-After": "7" }, body: { error: { code: "TooManyRequests", message: "x" } } },
          ],
        }),
    ]);
    const responses = await client.batch(requests);
    expect(seen[0]!.url).toBe(`${BASE}/$batch`);
    expect(seen[0]!.method).toBe("POST");
    const sent = seen[0]!.body as { requests: Array<{ headers?: Record<string, string> }> };
    expect(sent.requests[0]!.headers).toEqual({ "Content-Type": "application/json" });
    expect(sent.requests[2]!.headers).toBeUndefined();
    expect(responses.map((response) => [response.id, response.status])).toEqual([
      ["1", 201],
      ["2", 429],
      ["3", 200],
    ]);
    expect(responses[1]!.headers).toEqual({ "retry-after": "7" });
    expect(responses[2]!.headers).toEqual({ "content-type": "application/json" });
  });

  it("marks a request the batch answer left out with status 0", async () => {
    const { client } = clientWith([() => jsonResponse(200, { responses: [{ id: "1", status: 201, body: {} }] })]);
    const responses = await client.batch(requests.slice(0, 2));
    expect(responses[1]).toMatchObject({ id: "2", status: 0 });
  });

  it("fails only the row whose entry can't be read, as a lost answer naming the field and the batch's request id", async () => {
    const { client } = clientWith([
      () =>
        jsonResponse(
          200,
          {
            responses: [
              { id: "1", status: 201, body: { id: "pass-a" } },
              { id: "2", status: "201", body: {} },
              { id: "3", status: 200, headers: "x", body: {} },
            ],
          },
          { "request-id": "outer-req" },
        ),
    ]);
    const responses = await client.batch(requests);
    expect(responses[0]).toMatchObject({ id: "1", status: 201 });
    for (const [index, field] of [
      [1, "responses.1.status: expected number, got text"],
      [2, "responses.2.headers: "],
    ] as const) {
      const error = batchResponseError(responses[index]!);
      expect(responses[index]!.status).toBe(MISSING_BATCH_RESPONSE_STATUS);
      expect(error).toMatchObject({ code: "unexpectedAnswer", requestId: "outer-req" });
      expect(error!.message).toContain(`(${field}`);
    }
  });

  it("fails every row when the batch answer has no responses list, saying so", async () => {
    const { client } = clientWith([() => jsonResponse(200, { value: [] }, { "request-id": "outer-req" })]);
    const responses = await client.batch(requests);
    expect(responses.map((response) => response.status)).toEqual([0, 0, 0]);
    expect(batchResponseError(responses[2]!)?.message).toBe(
      "Microsoft Graph sent an answer TAP Desk couldn't read (responses is missing).",
    );
  });

  it("gives an entry without a readable id to the requests left without an answer", async () => {
    const { client } = clientWith([
      () => jsonResponse(200, { responses: [{ id: "1", status: 201, body: {} }, { id: "2", status: 201 }, { status: 201 }] }),
    ]);
    const responses = await client.batch(requests);
    expect(responses.map((response) => response.status)).toEqual([201, 201, 0]);
    expect(batchResponseError(responses[2]!)?.message).toContain("(responses.2.id is missing)");
  });

  it("throws a GraphError for an outer 429/503 with its Retry-After", async () => {
    const { client } = clientWith([
      () => jsonResponse(503, { error: { code: "serviceNotAvailable", message: "busy" } }, { "Retry-After": "3" }),
    ]);
    expect(await caught(client.batch(requests))).toMatchObject({ name: "GraphError", status: 503, retryAfter: 3 });
  });

  it("refuses more than 20 requests and duplicate ids before sending anything", async () => {
    const { client, seen } = clientWith([]);
    const many = Array.from({ length: 21 }, (_, index) => ({ id: String(index), method: "GET" as const, url: "/me" }));
    expect(await caught(client.batch(many))).toBeInstanceOf(BatchUsageError);
    expect(
      await caught(
        client.batch([
          { id: "a", method: "GET", url: "/me" },
          { id: "A", method: "GET", url: "/me" },
        ]),
      ),
    ).toBeInstanceOf(BatchUsageError);
    expect(await caught(client.batch([{ id: "a", method: "GET", url: "/v1.0/me" }]))).toBeInstanceOf(BatchUsageError);
    expect(seen).toHaveLength(0);
  });
});
