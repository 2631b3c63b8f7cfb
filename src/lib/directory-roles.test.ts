import { describe, expect, it } from "vitest";
import { canIssueTo, issuerCapability, ROLE_TEMPLATE } from "./directory-roles";

const helpdeskAdmin = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const reportsReader = "4a5d8f65-41da-4de4-8968-e035b65339cf";

describe("issuerCapability", () => {
  it("lets Global and Privileged Authentication Administrators issue for everyone", () => {
    expect(issuerCapability([ROLE_TEMPLATE.globalAdministrator])).toBe("all");
    expect(issuerCapability([helpdeskAdmin, ROLE_TEMPLATE.privilegedAuthenticationAdministrator])).toBe("all");
  });

  it("limits an Authentication Administrator to users without admin roles", () => {
    expect(issuerCapability([ROLE_TEMPLATE.authenticationAdministrator])).toBe("non-admins");
  });

  it("gives nothing to a helpdesk admin without an authentication role", () => {
    expect(issuerCapability([helpdeskAdmin])).toBe("none");
    expect(issuerCapability([])).toBe("none");
  });
});

describe("canIssueTo", () => {
  it("lets an Authentication Administrator target members and the documented low roles", () => {
    expect(canIssueTo("non-admins", [])).toBe(true);
    expect(canIssueTo("non-admins", [reportsReader])).toBe(true);
  });

  it("stops an Authentication Administrator at privileged targets", () => {
    expect(canIssueTo("non-admins", [helpdeskAdmin])).toBe(false);
    expect(canIssueTo("non-admins", [reportsReader, ROLE_TEMPLATE.globalAdministrator])).toBe(false);
  });

  it("lets a Privileged Authentication Administrator target anyone, and nobody target anything without a role", () => {
    expect(canIssueTo("all", [ROLE_TEMPLATE.globalAdministrator])).toBe(true);
    expect(canIssueTo("none", [])).toBe(false);
  });
});
