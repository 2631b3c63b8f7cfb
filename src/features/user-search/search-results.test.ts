import { describe, expect, it } from "vitest";
import type { DirectoryUser, Person } from "../../lib/graph/types";
import { blendResults, describeAccount, describeRole, toCandidates } from "./search-results";

function user(id: string, upn: string, extra: Partial<DirectoryUser> = {}): DirectoryUser {
  return { id, displayName: id, userPrincipalName: upn, accountEnabled: true, userType: "Member", ...extra };
}

function person(upn: string | null, subclass = "OrganizationUser"): Person {
  return { id: `p-${upn}`, displayName: upn, userPrincipalName: upn, personType: { class: "Person", subclass } };
}

const adele = user("adele", "AdeleV@contoso.com");
const alex = user("alex", "AlexW@contoso.com");
const allan = user("allan", "AllanD@contoso.com");

describe("blendResults", () => {
  it("puts people the admin works with first, in people relevance order, then the other directory matches", () => {
    const blended = blendResults([adele, alex, allan], [person("AllanD@contoso.com"), person("AdeleV@contoso.com")]);
    expect(blended.map((u) => u.id)).toEqual(["allan", "adele", "alex"]);
  });

  it("matches people to directory users by UPN regardless of case", () => {
    const blended = blendResults([adele, alex], [person("alexw@CONTOSO.com")]);
    expect(blended.map((u) => u.id)).toEqual(["alex", "adele"]);
  });

  it("leaves out people who are not among the directory results, and keeps directory order without people", () => {
    expect(blendResults([adele, alex], [person("someone.else@contoso.com"), person(null), person("")]).map((u) => u.id)).toEqual([
      "adele",
      "alex",
    ]);
    expect(blendResults([alex, adele], []).map((u) => u.id)).toEqual(["alex", "adele"]);
  });

  it("lists each user once even when Graph or the people API repeats them", () => {
    const blended = blendResults([adele, alex, adele], [person("AdeleV@contoso.com"), person("adelev@contoso.com")]);
    expect(blended.map((u) => u.id)).toEqual(["adele", "alex"]);
  });
});

describe("describeAccount", () => {
  it("gives an ordinary enabled member no badges", () => {
    expect(describeAccount(adele)).toEqual([]);
  });

  it("tells an external (B2B) guest from an internal guest", () => {
    const labels = (extra: Partial<DirectoryUser>, upn = "g@contoso.com") =>
      describeAccount(user("g", upn, { userType: "Guest", ...extra })).map((badge) => badge.label);

    expect(labels({ externalUserState: "Accepted" })).toEqual(["Guest (external)"]);
    expect(labels({ externalUserState: "PendingAcceptance" })).toEqual(["Guest (external)"]);
    expect(labels({ creationType: "Invitation" })).toEqual(["Guest (external)"]);
    expect(labels({ identities: [{ signInType: "federated", issuer: "ExternalAzureAD" }] })).toEqual(["Guest (external)"]);
    // #EXT# alone is not proof (a converted account keeps it): a plain guest badge, and the check lets Entra decide.
    expect(labels({}, "adelev_adatum.com#EXT#@contoso.com")).toEqual(["Guest"]);
    expect(labels({ externalUserState: null, creationType: null })).toEqual(["Guest"]);
  });

  it("marks disabled accounts, alongside any guest badge", () => {
    expect(describeAccount(user("d", "d@contoso.com", { accountEnabled: false })).map((b) => b.label)).toEqual(["Disabled"]);
    expect(describeAccount(user("d", "d@contoso.com", { accountEnabled: false, userType: "Guest" })).map((b) => b.kind)).toEqual([
      "guest",
      "disabled",
    ]);
  });

  it("does not call an account disabled when accountEnabled was not read", () => {
    expect(describeAccount({ id: "x", displayName: "X", userPrincipalName: "x@contoso.com" })).toEqual([]);
  });
});

describe("describeRole", () => {
  it("joins job title and department, skipping blanks", () => {
    expect(describeRole(user("a", "a@c.com", { jobTitle: "Engineer", department: "R&D" }))).toBe("Engineer · R&D");
    expect(describeRole(user("a", "a@c.com", { jobTitle: " ", department: "R&D" }))).toBe("R&D");
    expect(describeRole(user("a", "a@c.com", { jobTitle: null }))).toBeNull();
  });
});

describe("toCandidates", () => {
  it("makes one search candidate per user, keyed by object id and carrying the resolved user", () => {
    expect(toCandidates([adele])).toEqual([{ rowId: "search-adele", line: null, identifier: "adele", overrides: {}, user: adele }]);
  });
});
