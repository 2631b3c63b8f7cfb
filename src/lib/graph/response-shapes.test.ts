import { describe, expect, it } from "vitest";
import { GraphResponseShapeError } from "./graph-error";
import {
  check,
  collectionShape,
  directoryRoleShape,
  directoryUserShape,
  managerRefShape,
  organizationShape,
  personShape,
  readCreatedPass,
  signedInUserShape,
  temporaryAccessPassMethodShape,
  temporaryAccessPassPolicyShape,
} from "./response-shapes";

// Samples shaped like Graph's documented answers (graph-reference.md §1, §3, §4, §7 and §0.1).
const guest = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName)/$entity",
  id: "5c6a1a6e-0000-4000-8000-000000000001",
  displayName: "Ada Guest",
  userPrincipalName: "ada_fabrikam.com#EXT#@contoso.onmicrosoft.com",
  mail: "ada@fabrikam.com",
  jobTitle: null,
  department: null,
  accountEnabled: true,
  userType: "Guest",
  externalUserState: "Accepted",
  creationType: "Invitation",
  identities: [{ signInType: "federated", issuer: "ExternalAzureAD", issuerAssignedId: null }],
};

const createdPass = {
  "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
  id: "6f1967b7-15e8-4935-ac26-d50770ed07a7",
  temporaryAccessPass: "+drkzqAD",
  createdDateTime: "2022-06-02T16:21:09.765173Z",
  startDateTime: "2022-06-05T00:00:00Z",
  lifetimeInMinutes: 60,
  isUsableOnce: false,
  isUsable: false,
  methodUsabilityReason: "NotYetValid",
};

const policy = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#authenticationMethodConfigurations/$entity",
  "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration",
  id: "TemporaryAccessPass",
  state: "enabled",
  defaultLifetimeInMinutes: 60,
  defaultLength: 8,
  minimumLifetimeInMinutes: 60,
  maximumLifetimeInMinutes: 480,
  isUsableOnce: false,
  includeTargets: [{ targetType: "group", id: "all_users", isRegistrationRequired: false }],
  excludeTargets: [],
};

function problemOf(result: { ok: boolean; problem?: string }): string | undefined {
  return result.ok ? undefined : result.problem;
}

describe("user shape", () => {
  it("reads a guest with every property preflight selects, and drops what it does not read", () => {
    const result = check(directoryUserShape, guest);
    expect(result).toEqual({
      ok: true,
      value: {
        id: guest.id,
        displayName: "Ada Guest",
        userPrincipalName: guest.userPrincipalName,
        mail: "ada@fabrikam.com",
        jobTitle: null,
        department: null,
        accountEnabled: true,
        userType: "Guest",
        externalUserState: "Accepted",
        creationType: "Invitation",
        identities: [{ signInType: "federated", issuer: "ExternalAzureAD", issuerAssignedId: null }],
      },
    });
  });

  it("reads a member with only id and UPN selected, and an unset display name as null", () => {
    expect(check(directoryUserShape, { id: "u1", userPrincipalName: "a@contoso.com" })).toEqual({
      ok: true,
      value: { id: "u1", displayName: null, userPrincipalName: "a@contoso.com" },
    });
  });

  it("reads a manager, a manager without a mailbox as mail null, and refuses one without an id", () => {
    const manager = { "@odata.type": "#microsoft.graph.user", id: "m1", displayName: "Ann", userPrincipalName: "ann@contoso.com" };
    expect(check(managerRefShape, { ...manager, mail: "ann@contoso.com" })).toEqual({
      ok: true,
      value: { id: "m1", displayName: "Ann", userPrincipalName: "ann@contoso.com", mail: "ann@contoso.com" },
    });
    expect(check(managerRefShape, manager)).toEqual({
      ok: true,
      value: { id: "m1", displayName: "Ann", userPrincipalName: "ann@contoso.com", mail: null },
    });
    expect(problemOf(check(managerRefShape, { ...manager, id: undefined }))).toBe("id is missing");
  });

  it("names the field when the id is missing or the UPN is not text", () => {
    expect(problemOf(check(directoryUserShape, { ...guest, id: undefined }))).toBe("id is missing");
    expect(problemOf(check(directoryUserShape, { ...guest, userPrincipalName: 42 }))).toBe(
      "userPrincipalName: expected string, got a number",
    );
  });

  it("refuses a wrong type deep inside identities and an unknown userType", () => {
    expect(problemOf(check(directoryUserShape, { ...guest, identities: [{ issuer: 7 }] }))).toMatch(/^identities\.0\.issuer: /);
    expect(problemOf(check(directoryUserShape, { ...guest, userType: "Visitor" }))).toMatch(/^userType: /);
    expect(problemOf(check(directoryUserShape, { ...guest, accountEnabled: "yes" }))).toMatch(/^accountEnabled: /);
  });

  it("keeps a hire date as Graph sends it, null included, and refuses a non-text one", () => {
    const hired = check(directoryUserShape, { ...guest, employeeHireDate: "2026-12-06T23:00:00Z" });
    expect(hired.ok && hired.value.employeeHireDate).toBe("2026-12-06T23:00:00Z");
    const none = check(directoryUserShape, { ...guest, employeeHireDate: null });
    expect(none.ok && none.value.employeeHireDate).toBeNull();
    expect(problemOf(check(directoryUserShape, { ...guest, employeeHireDate: 20261207 }))).toMatch(/^employeeHireDate: /);
  });

  it("describes a body that is not an object at all", () => {
    expect(problemOf(check(directoryUserShape, "<html>"))).toBe("the answer was text, not an object");
    expect(problemOf(check(directoryUserShape, undefined))).toBe("the answer was empty");
  });
});

describe("role shape", () => {
  it("accepts role objects whose name and template Graph withheld (limited-information rule)", () => {
    const page = {
      "@odata.count": 1,
      value: [{ "@odata.type": "#microsoft.graph.directoryRole", id: "r1", displayName: null, roleTemplateId: null }],
    };
    expect(check(collectionShape(directoryRoleShape), page)).toEqual({
      ok: true,
      value: { "@odata.count": 1, value: [{ id: "r1", displayName: null, roleTemplateId: null }] },
    });
  });

  it("reads a named role and refuses one without an id", () => {
    const role = {
      "@odata.type": "#microsoft.graph.directoryRole",
      id: "r2",
      deletedDateTime: null,
      description: "Can create passes",
      displayName: "Authentication Administrator",
      roleTemplateId: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
    };
    expect(check(directoryRoleShape, role)).toEqual({
      ok: true,
      value: { id: "r2", displayName: "Authentication Administrator", roleTemplateId: "c4e39bd9-1100-46d3-8c65-fb160da0071f" },
    });
    expect(problemOf(check(collectionShape(directoryRoleShape), { value: [role, { displayName: "x" }] }))).toBe("value.1.id is missing");
  });
});

describe("pass shapes", () => {
  it("reads the documented 201 as a created pass with its value", () => {
    const read = readCreatedPass({ id: "1", status: 201, headers: {}, body: createdPass });
    expect(read).toEqual({
      id: createdPass.id,
      temporaryAccessPass: "+drkzqAD",
      createdDateTime: createdPass.createdDateTime,
      startDateTime: createdPass.startDateTime,
      lifetimeInMinutes: 60,
      isUsableOnce: false,
    });
  });

  it("makes a create answer without a value, or with settings it can't read, a shape error with status and request id", () => {
    const noValue = readCreatedPass({
      id: "1",
      status: 201,
      headers: { "request-id": "inner-req" },
      body: { ...createdPass, temporaryAccessPass: null },
    });
    expect(noValue).toBeInstanceOf(GraphResponseShapeError);
    expect(noValue).toMatchObject({ status: 201, code: "unexpectedAnswer", requestId: "inner-req" });
    expect((noValue as GraphResponseShapeError).message).toBe(
      "Microsoft Graph sent an answer TAP Desk couldn't read (temporaryAccessPass: expected string, got null).",
    );
    expect(readCreatedPass({ id: "1", status: 201, headers: {}, body: { ...createdPass, temporaryAccessPass: "" } })).toBeInstanceOf(
      GraphResponseShapeError,
    );
    const badLifetime = readCreatedPass({ id: "1", status: 201, headers: {}, body: { ...createdPass, lifetimeInMinutes: "60" } });
    expect((badLifetime as GraphResponseShapeError).problem).toBe("lifetimeInMinutes: expected number, got text");
  });

  it("never quotes the offending value, which could be a pass", () => {
    const read = readCreatedPass({ id: "1", status: 201, headers: {}, body: { ...createdPass, temporaryAccessPass: 12345678 } });
    expect((read as GraphResponseShapeError).message).not.toContain("12345678");
  });

  it("reads a listed pass with a null value and refuses one without createdDateTime", () => {
    const listed = { ...createdPass, temporaryAccessPass: null };
    const page = check(collectionShape(temporaryAccessPassMethodShape), { value: [listed] });
    expect(page.ok && page.value.value[0]).toMatchObject({ id: createdPass.id, temporaryAccessPass: null, isUsable: false });
    expect(problemOf(check(temporaryAccessPassMethodShape, { ...listed, createdDateTime: undefined }))).toBe("createdDateTime is missing");
  });
});

describe("policy, organization, people and the signed-in user", () => {
  it("reads the documented policy and refuses an unknown state", () => {
    expect(check(temporaryAccessPassPolicyShape, policy)).toEqual({
      ok: true,
      value: {
        id: "TemporaryAccessPass",
        state: "enabled",
        defaultLifetimeInMinutes: 60,
        defaultLength: 8,
        minimumLifetimeInMinutes: 60,
        maximumLifetimeInMinutes: 480,
        isUsableOnce: false,
      },
    });
    expect(problemOf(check(temporaryAccessPassPolicyShape, { ...policy, state: "on" }))).toMatch(/^state: /);
    expect(problemOf(check(temporaryAccessPassPolicyShape, { ...policy, maximumLifetimeInMinutes: null }))).toBe(
      "maximumLifetimeInMinutes: expected number, got null",
    );
  });

  it("reads an organization page and refuses a domain without its default flag", () => {
    const org = {
      id: "t1",
      displayName: "Contoso",
      verifiedDomains: [{ name: "contoso.com", isDefault: true, isInitial: false, type: "Managed" }],
    };
    expect(check(collectionShape(organizationShape), { value: [org] })).toEqual({
      ok: true,
      value: {
        value: [{ id: "t1", displayName: "Contoso", verifiedDomains: [{ name: "contoso.com", isDefault: true, isInitial: false }] }],
      },
    });
    expect(problemOf(check(organizationShape, { ...org, verifiedDomains: [{ name: "contoso.com" }] }))).toBe(
      "verifiedDomains.0.isDefault is missing",
    );
  });

  it("reads people results, groups included, with paging properties", () => {
    const page = {
      "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/people?$skiptoken=x",
      value: [
        {
          id: "p1",
          displayName: "Isaiah Langer",
          givenName: "Isaiah",
          jobTitle: "Sales Rep",
          userPrincipalName: "IsaiahL@contoso.com",
          scoredEmailAddresses: [{ address: "IsaiahL@contoso.com", relevanceScore: 20.0 }],
          personType: { class: "Person", subclass: "OrganizationUser" },
        },
        { id: "g1", displayName: "Sales", userPrincipalName: "", personType: { class: "Group", subclass: "UnifiedGroup" } },
      ],
    };
    const result = check(collectionShape(personShape), page);
    expect(result.ok && result.value.value.map((person) => person.id)).toEqual(["p1", "g1"]);
    expect(result.ok && result.value["@odata.nextLink"]).toBe(page["@odata.nextLink"]);
    expect(problemOf(check(collectionShape(personShape), { value: [{ id: "p1", scoredEmailAddresses: [{}] }] }))).toBe(
      "value.0.scoredEmailAddresses.0.address is missing",
    );
  });

  it("refuses a page whose value is not a list or whose count is not a number", () => {
    expect(problemOf(check(collectionShape(personShape), { value: null }))).toBe("value: expected Array, got null");
    expect(problemOf(check(collectionShape(personShape), { value: [], "@odata.count": "3" }))).toBe(
      "@odata.count: expected number, got text",
    );
  });

  it("reads the signed-in user", () => {
    expect(check(signedInUserShape, { id: "me", displayName: "Admin", userPrincipalName: "admin@contoso.com", mail: null })).toEqual({
      ok: true,
      value: { id: "me", displayName: "Admin", userPrincipalName: "admin@contoso.com", mail: null },
    });
  });
});
