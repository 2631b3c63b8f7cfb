import { describe, expect, it } from "vitest";
import type { DirectoryUser, Person, TemporaryAccessPassMethod } from "../../lib/graph/types";
import {
  blendResults,
  describeAccount,
  describeRole,
  hasNamesake,
  heldPassBadge,
  matchRank,
  rankByNamePrefix,
  toCandidates,
} from "./search-results";

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

describe("rankByNamePrefix", () => {
  const named = (id: string, displayName: string, upn = `${id}@contoso.com`) => user(id, upn, { displayName });
  const annika = named("annika", "Annika Berg");
  const joanna = named("joanna", "Joanna Anneberg");
  const hanne = named("hanne", "Hanne Lund");
  const anne = named("anne", "Änne Olsen");

  it("puts a name that starts with the text above a word that does, above a partial match, keeping order within each", () => {
    expect(rankByNamePrefix([hanne, joanna, annika, anne], "Ann").map((u) => u.id)).toEqual(["annika", "anne", "joanna", "hanne"]);
  });

  it("counts a UPN that starts with the text as an exact prefix", () => {
    const byUpn = named("x", "Kim Larsen", "annex@contoso.com");
    expect(rankByNamePrefix([hanne, byUpn], "anne").map((u) => u.id)).toEqual(["x", "hanne"]);
  });

  it("gives every rank for one user and text", () => {
    expect([matchRank(annika, "ann"), matchRank(joanna, "ann"), matchRank(hanne, "ann"), matchRank(hanne, "  ")]).toEqual([0, 1, 2, 2]);
  });
});

describe("hasNamesake", () => {
  it("finds another person with the same name, whatever the case or accents, but not the person themself", () => {
    const a = user("a", "jose.a@contoso.com", { displayName: "José García" });
    const b = user("b", "jose.b@contoso.com", { displayName: "jose garcia" });
    const c = user("c", "carl@contoso.com", { displayName: "Carl" });
    expect(hasNamesake(a, [a, c])).toBe(false);
    expect(hasNamesake(a, [c, b])).toBe(true);
  });
});

describe("heldPassBadge", () => {
  const pass = (isUsable: boolean, methodUsabilityReason: string): TemporaryAccessPassMethod => ({
    id: "m",
    temporaryAccessPass: null,
    createdDateTime: "2026-06-01T10:00:00Z",
    startDateTime: "2026-06-01T10:00:00Z",
    lifetimeInMinutes: 60,
    isUsableOnce: false,
    isUsable,
    methodUsabilityReason,
  });

  it("badges a working pass and one that starts later, but not a spent one nor an unknown answer", () => {
    expect(heldPassBadge([pass(true, "EnabledByPolicy")])).toBe("Holds a pass");
    expect(heldPassBadge([pass(false, "NotYetValid")])).toBe("Holds a pass that starts later");
    expect(heldPassBadge([pass(false, "Expired")])).toBeNull();
    expect(heldPassBadge([])).toBeNull();
    expect(heldPassBadge(null)).toBeNull();
    expect(heldPassBadge(undefined)).toBeNull();
  });
});
