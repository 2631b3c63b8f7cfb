import { describe, expect, it } from "vitest";
import { canIssueTo, describeRoleHint, issuerCapability, roleHint, ROLE_TEMPLATE, targetReach } from "./directory-roles";

const helpdeskAdmin = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const reportsReader = "4a5d8f65-41da-4de4-8968-e035b65339cf";
const passwordAdmin = "966707d0-3269-4727-9be2-8c3a10f19b9d";
/** Every member's wids carries the default "User" role template; it names no admin role. */
const defaultUserRole = "b79fbf4d-3ef9-4689-8143-76b194e85509";

describe("issuerCapability", () => {
  it("lets Global and Privileged Authentication Administrators issue for everyone", () => {
    expect(issuerCapability([ROLE_TEMPLATE.globalAdministrator])).toBe("all");
    expect(issuerCapability([helpdeskAdmin, ROLE_TEMPLATE.privilegedAuthenticationAdministrator])).toBe("all");
  });

  it("limits an Authentication Administrator to users without admin roles", () => {
    expect(issuerCapability([ROLE_TEMPLATE.authenticationAdministrator])).toBe("non-admins");
  });

  it("calls no visible issuing role unknown, never none: scoped, custom and fresh PIM roles don't show", () => {
    expect(issuerCapability([helpdeskAdmin])).toBe("unknown");
    expect(issuerCapability([])).toBe("unknown");
  });
});

describe("canIssueTo", () => {
  it("lets an Authentication Administrator target members and the documented low roles", () => {
    expect(canIssueTo("non-admins", [])).toBe(true);
    expect(canIssueTo("non-admins", [reportsReader])).toBe(true);
  });

  it.each([
    ["Authentication Administrator", ROLE_TEMPLATE.authenticationAdministrator],
    ["Directory Readers", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"],
    ["Guest Inviter", "95e79109-95c0-4d8e-aee3-d01accf2d47b"],
    ["Message Center Reader", "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b"],
    ["Password Administrator", passwordAdmin],
    ["Reports Reader", reportsReader],
    ["User Experience Success Manager", "27460883-1df1-4691-b032-3b79643e5e63"],
    ["Usage Summary Reports Reader", "75934031-6c7e-415a-99d7-48dbd49e875e"],
  ])("lets an Authentication Administrator reach a %s (documented allow-list)", (_name, templateId) => {
    expect(canIssueTo("non-admins", [templateId])).toBe(true);
  });

  it("stops an Authentication Administrator at privileged targets", () => {
    expect(canIssueTo("non-admins", [helpdeskAdmin])).toBe(false);
    expect(canIssueTo("non-admins", [reportsReader, ROLE_TEMPLATE.globalAdministrator])).toBe(false);
  });

  it("leaves every target to Entra when the issuer may reach all or is unknown", () => {
    expect(canIssueTo("all", [ROLE_TEMPLATE.globalAdministrator])).toBe(true);
    expect(canIssueTo("unknown", [ROLE_TEMPLATE.globalAdministrator])).toBe(true);
  });
});

describe("targetReach", () => {
  it("separates named blocking roles (certain) from unnamed role objects (only likely)", () => {
    const reach = targetReach("non-admins", [
      { id: "a", displayName: "Password Administrator", roleTemplateId: passwordAdmin },
      { id: "b", displayName: "Helpdesk Administrator", roleTemplateId: helpdeskAdmin },
      { id: "c", displayName: null, roleTemplateId: null },
      { id: "d", displayName: null, roleTemplateId: null },
    ]);
    expect(reach.blocking.map((role) => role.id)).toEqual(["b"]);
    expect(reach.unnamed).toBe(2);
  });

  it("judges nothing for an issuer who may reach everyone", () => {
    expect(targetReach("all", [{ id: "c", displayName: null, roleTemplateId: null }])).toEqual({ blocking: [], unnamed: 0 });
  });
});

describe("roleHint and its words", () => {
  it("names a Privileged Authentication Administrator from the ID token alone", () => {
    const hint = roleHint({
      tokenRoleIds: [defaultUserRole, ROLE_TEMPLATE.privilegedAuthenticationAdministrator],
      directoryRoles: [{ id: "x", displayName: null, roleTemplateId: null }],
    });
    expect(hint.capability).toBe("all");
    expect(hint.unnamedRoles).toBe(0);
    expect(describeRoleHint(hint).title).toBe("Privileged Authentication Administrator: all users except yourself");
    expect(describeRoleHint(hint).detail).not.toContain("Your other roles");
  });

  it("names the admin's other known roles once, beside the one that decides", () => {
    const globalReader = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
    const hint = roleHint({
      tokenRoleIds: [globalReader, ROLE_TEMPLATE.privilegedAuthenticationAdministrator],
      directoryRoles: [{ id: "x", displayName: "Global Reader", roleTemplateId: globalReader }],
    });
    expect(hint.roleNames).toEqual(["Privileged Authentication Administrator", "Global Reader"]);
    expect(describeRoleHint(hint).detail).toMatch(/Your other roles: Global Reader\.$/);
  });

  it("says an Authentication Administrator reaches users without admin roles", () => {
    const hint = roleHint({ tokenRoleIds: [ROLE_TEMPLATE.authenticationAdministrator], directoryRoles: null });
    expect(hint.capability).toBe("non-admins");
    expect(describeRoleHint(hint)).toMatchObject({ title: "Authentication Administrator: users without admin roles", intent: "info" });
  });

  it("reads the role from named role objects when the token lists none", () => {
    const hint = roleHint({
      tokenRoleIds: null,
      directoryRoles: [{ id: "x", displayName: "Authentication Administrator", roleTemplateId: ROLE_TEMPLATE.authenticationAdministrator }],
    });
    expect(hint.capability).toBe("non-admins");
  });

  it("keeps the name Graph gives a role TAP Desk doesn't know", () => {
    const hint = roleHint({
      tokenRoleIds: null,
      directoryRoles: [{ id: "t", displayName: "Teams Administrator", roleTemplateId: "69091246-20e8-4a56-aa4d-066075b2a7a8" }],
    });
    expect(hint).toMatchObject({ capability: "unknown", roleNames: ["Teams Administrator"], unnamedRoles: 0 });
  });

  it("counts role objects without names and says Entra decides", () => {
    const hint = roleHint({
      tokenRoleIds: null,
      directoryRoles: [
        { id: "x", displayName: null, roleTemplateId: null },
        { id: "y", displayName: null, roleTemplateId: null },
      ],
    });
    expect(hint).toMatchObject({ capability: "unknown", unnamedRoles: 2, fromToken: false });
    const text = describeRoleHint(hint);
    expect(text.title).toBe("TAP Desk could not read your roles; Entra will decide for each user");
    expect(text.detail).toContain("You hold 2 directory roles TAP Desk cannot name");
    expect(text.intent).toBe("warning");
  });

  it("with a token that lists no issuing role, points at administrative units and custom roles", () => {
    const hint = roleHint({ tokenRoleIds: [defaultUserRole], directoryRoles: [] });
    expect(hint.capability).toBe("unknown");
    const text = describeRoleHint(hint);
    expect(text.title).toBe("No tenant-wide role that issues passes; Entra will decide for each user");
    expect(text.detail).toContain("administrative unit, Entra will refuse users outside it");
  });

  it("says roles are unknown when neither the token nor Graph told anything", () => {
    const text = describeRoleHint(roleHint({ tokenRoleIds: null, directoryRoles: null }));
    expect(text.title).toBe("TAP Desk could not read your roles; Entra will decide for each user");
  });
});
