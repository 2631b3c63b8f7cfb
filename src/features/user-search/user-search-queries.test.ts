import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";
import type { Person } from "../../lib/graph/types";
import { createFakeGraphClient } from "./testing/fake-graph-client";
import {
  directorySearchQuery,
  isSearchable,
  peopleSearchQuery,
  searchRetryDelay,
  shouldRetrySearch,
  toSearchTerm,
} from "./user-search-queries";

const adele = { id: "u1", displayName: "Adele Vance", userPrincipalName: "AdeleV@contoso.com" };

function person(upn: string, personClass: string, subclass: string): Person {
  return { id: upn, displayName: upn, userPrincipalName: upn, personType: { class: personClass, subclass } };
}

describe("search term", () => {
  it("needs two characters after cleaning", () => {
    expect(isSearchable(toSearchTerm("  a \u200b "))).toBe(false);
    expect(isSearchable(toSearchTerm(" ad "))).toBe(true);
  });

  it("never ends in half an emoji, which would make the request URL impossible to encode", () => {
    const term = toSearchTerm(`${"a".repeat(119)}😀`);
    expect(() => encodeURIComponent(term)).not.toThrow();
    expect(term).toBe("a".repeat(119));
  });
});

describe("directory search", () => {
  it("searches name, UPN and mail with ConsistencyLevel: eventual and asks only for the fields the picker shows", async () => {
    const client = createFakeGraphClient({ "/users": () => ({ value: [adele] }) });
    const users = await new QueryClient().fetchQuery(directorySearchQuery(client, 'Ad"ele'));

    expect(users).toEqual([adele]);
    const [request] = client.requests;
    expect(request?.params.$search).toBe('"displayName:Ad\\"ele" OR "userPrincipalName:Ad\\"ele" OR "mail:Ad\\"ele"');
    expect(request?.params.$top).toBe("15");
    expect(request?.params.$select?.split(",")).toEqual(
      expect.arrayContaining(["id", "accountEnabled", "userType", "externalUserState", "creationType", "jobTitle", "department"]),
    );
    expect(request?.headers.ConsistencyLevel).toBe("eventual");
  });

  it("matches UPN-like text by prefix with $filter, quoting apostrophes OData's way", async () => {
    const client = createFakeGraphClient({ "/users": () => ({ value: [] }) });
    await new QueryClient().fetchQuery(directorySearchQuery(client, "o'brien@contoso"));

    const [request] = client.requests;
    expect(request?.params.$search).toBeUndefined();
    expect(request?.params.$filter).toBe(
      "startswith(displayName,'o''brien@contoso') or startswith(userPrincipalName,'o''brien@contoso') or startswith(mail,'o''brien@contoso')",
    );
  });
});

describe("people search", () => {
  it("keeps only organisation users from /me/people and looks them up in the directory by UPN", async () => {
    const client = createFakeGraphClient({
      "/me/people": () => ({
        value: [
          person("team@contoso.com", "Group", "UnifiedGroup"),
          person("AdeleV@contoso.com", "Person", "OrganizationUser"),
          person("friend@example.com", "Person", "PersonalContact"),
          person("o'brien@contoso.com", "Person", "OrganizationUser"),
        ],
      }),
      "/users": () => ({ value: [adele] }),
    });
    const matches = await new QueryClient().fetchQuery(peopleSearchQuery(client, "ad"));

    expect(matches.people.map((p) => p.userPrincipalName)).toEqual(["AdeleV@contoso.com", "o'brien@contoso.com"]);
    expect(matches.users).toEqual([adele]);
    const [people, users] = client.requests;
    expect(people?.params).toMatchObject({ $search: '"ad"', $top: "10" });
    expect(users?.params.$filter).toBe("userPrincipalName in ('AdeleV@contoso.com','o''brien@contoso.com')");
    expect(users?.headers.ConsistencyLevel).toBeUndefined();
  });

  it("answers with no people when the admin has no People.Read consent", async () => {
    const client = createFakeGraphClient({
      "/me/people": () => {
        throw new GraphError({ status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges." });
      },
    });
    await expect(new QueryClient().fetchQuery(peopleSearchQuery(client, "ad"))).resolves.toEqual({ people: [], users: [] });
  });

  it("keeps the people ordering when looking them up in the directory fails", async () => {
    const client = createFakeGraphClient({
      "/me/people": () => ({ value: [person("AdeleV@contoso.com", "Person", "OrganizationUser")] }),
      "/users": () => {
        throw new GraphError({ status: 503, code: "serviceNotAvailable", message: "Unavailable." });
      },
    });
    const matches = await new QueryClient().fetchQuery(peopleSearchQuery(client, "ad"));
    expect(matches.people).toHaveLength(1);
    expect(matches.users).toEqual([]);
  });
});

describe("retrying a search", () => {
  const throttled = new GraphError({ status: 429, code: "TooManyRequests", message: "Please retry again later.", retryAfter: 2.128 });

  it("retries throttling a few times, waiting as long as Graph asked", () => {
    expect(shouldRetrySearch(0, throttled)).toBe(true);
    expect(shouldRetrySearch(2, throttled)).toBe(true);
    expect(shouldRetrySearch(3, throttled)).toBe(false);
    expect(searchRetryDelay(0, throttled)).toBe(2128);
  });

  it("does not repeat a request Graph refused, nor one the user abandoned", () => {
    expect(shouldRetrySearch(0, new GraphError({ status: 400, code: "Request_BadRequest", message: "Bad" }))).toBe(false);
    expect(shouldRetrySearch(0, new GraphError({ status: 403, code: "Authorization_RequestDenied", message: "No" }))).toBe(false);
    expect(shouldRetrySearch(0, new GraphNetworkError("aborted", { reason: "aborted" }))).toBe(false);
    expect(shouldRetrySearch(0, new GraphNetworkError("offline"))).toBe(true);
    expect(shouldRetrySearch(1, new GraphNetworkError("offline"))).toBe(false);
  });
});
