import { describe, expect, it, vi } from "vitest";
import { buildTapAuditFilter, listTapAuditPage, parseAuditPage, parseDirectoryAudit } from "./audit";
import type { GraphClient } from "./types";

const sample = {
  id: "AuthenticationMethods_1",
  category: "UserManagement",
  result: "success",
  resultReason: "Admin registered temporary access pass method for user",
  activityDisplayName: "Admin registered security info",
  activityDateTime: "2026-11-30T10:00:00Z",
  loggedByService: "Authentication Methods",
  operationType: "Add",
  initiatedBy: {
    app: null,
    user: { id: "u1", displayName: "Nestor Wilke", userPrincipalName: "nestor@contoso.example", ipAddress: "1.2.3.4" },
  },
  targetResources: [
    { id: "t1", displayName: "Lee Gu", type: "User", userPrincipalName: "lee@contoso.example", modifiedProperties: [] },
    { id: "x", displayName: "Other", Type: "Group" },
  ],
};

describe("directory audit parsing", () => {
  it("reads issuer, targets of type User and the fields the view shows", () => {
    const entry = parseDirectoryAudit(sample);
    expect(entry).toMatchObject({
      id: "AuthenticationMethods_1",
      initiatedBy: { id: "u1", displayName: "Nestor Wilke", userPrincipalName: "nestor@contoso.example" },
      targetUsers: [{ id: "t1", displayName: "Lee Gu", userPrincipalName: "lee@contoso.example" }],
      result: "success",
    });
  });

  it("counts items without an id, a readable time or an activity as unreadable instead of dropping them silently", () => {
    const page = parseAuditPage({
      value: [sample, { id: "2" }, { ...sample, id: "3", activityDateTime: "yesterday" }, "junk"],
      "@odata.nextLink": "https://g/next",
    });
    expect(page.entries.map((e) => e.id)).toEqual(["AuthenticationMethods_1"]);
    expect(page.unreadable).toBe(3);
    expect(page.nextLink).toBe("https://g/next");
  });

  it("keeps an entry whose optional fields are missing or of another type, reading them as empty", () => {
    const entry = parseDirectoryAudit({ ...sample, result: 7, initiatedBy: "someone", targetResources: [null, { type: "User", id: 3 }] });
    expect(entry).toMatchObject({ id: "AuthenticationMethods_1", result: null, initiatedBy: null, initiatedByApp: null, targetUsers: [] });
  });

  it("reads a page that is not an object as empty, not as an error", () => {
    expect(parseAuditPage("nope")).toEqual({ entries: [], unreadable: 0, nextLink: null });
  });

  it("reads an app as the initiator when no user acted", () => {
    const entry = parseDirectoryAudit({ ...sample, initiatedBy: { user: null, app: { appId: "a1", displayName: "Provisioning" } } });
    expect(entry?.initiatedBy).toBeNull();
    expect(entry?.initiatedByApp).toBe("Provisioning");
  });
});

describe("filter", () => {
  it("uses documented operators only and doubles quotes in the issuer", () => {
    const filter = buildTapAuditFilter({ since: new Date("2026-11-23T00:00:00Z"), issuerPrefix: " o'brien " });
    expect(filter).toBe(
      "activityDisplayName eq 'Admin registered security info' and activityDateTime ge 2026-11-23T00:00:00.000Z and startswith(initiatedBy/user/userPrincipalName,'o''brien')",
    );
  });
});

describe("listTapAuditPage", () => {
  it("asks for AuditLog.Read.All on this call only and follows the nextLink as given", async () => {
    const request = vi.fn().mockResolvedValue({ value: [] });
    const client: GraphClient = { request, batch: vi.fn() };
    await listTapAuditPage(client, { since: new Date("2026-11-23T00:00:00Z"), top: 25 }, null);
    expect(request.mock.calls[0]?.[0]).toMatch(/^\/auditLogs\/directoryAudits\?\$filter=.+&\$top=25$/);
    expect(request.mock.calls[0]?.[1]).toMatchObject({ extraPermissions: ["AuditLog.Read.All"] });
    await listTapAuditPage(client, { since: new Date() }, "https://graph.example/v1.0/auditLogs/directoryAudits?$skiptoken=x");
    expect(request.mock.calls[1]?.[0]).toBe("https://graph.example/v1.0/auditLogs/directoryAudits?$skiptoken=x");
  });
});
