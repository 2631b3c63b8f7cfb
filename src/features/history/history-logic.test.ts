import { describe, expect, it } from "vitest";
import type { AuditPage, DirectoryAuditEntry } from "../../lib/graph/audit";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";
import { collectHistory, describeHistoryFailure, filterByUser, historySince } from "./history-logic";

function entry(
  id: string,
  reason: string | null,
  user = "lee@contoso.example",
  name = user === "lee@contoso.example" ? "Lee Gu" : "Zoë Ng",
): DirectoryAuditEntry {
  return {
    id,
    activityDateTime: "2026-11-30T10:00:00Z",
    activityDisplayName: "Admin registered security info",
    category: "UserManagement",
    result: "success",
    resultReason: reason,
    loggedByService: "Authentication Methods",
    operationType: "Add",
    initiatedBy: { id: "i", displayName: "Nestor Wilke", userPrincipalName: "nestor@contoso.example" },
    initiatedByApp: null,
    targetUsers: [{ id: "t", displayName: name, userPrincipalName: user }],
  };
}

const TAP = "Admin registered temporary access pass method for user";

describe("collectHistory", () => {
  it("keeps pass registrations across pages and counts other methods and unreadable items", () => {
    const pages: AuditPage[] = [
      { entries: [entry("1", TAP), entry("2", "Admin registered phone method for user")], unreadable: 1, nextLink: "n" },
      { entries: [entry("3", TAP, "zoe@contoso.example")], unreadable: 0, nextLink: null },
    ];
    const history = collectHistory(pages);
    expect(history.rows.map((row) => row.id)).toEqual(["1", "3"]);
    expect(history.rows[0]).toMatchObject({
      issuerName: "Nestor Wilke",
      issuerUpn: "nestor@contoso.example",
      userName: "Lee Gu",
      userUpn: "lee@contoso.example",
      result: "success",
    });
    expect(history.otherMethods).toBe(1);
    expect(history.unreadable).toBe(1);
  });
});

describe("filterByUser", () => {
  it("matches name or UPN, case-insensitively; empty text keeps every row", () => {
    const { rows } = collectHistory([
      { entries: [entry("1", TAP), entry("2", TAP, "zoe@contoso.example")], unreadable: 0, nextLink: null },
    ]);
    expect(filterByUser(rows, "ZOE").map((row) => row.id)).toEqual(["2"]);
    expect(filterByUser(rows, "lee gu").map((row) => row.id)).toEqual(["1"]);
    expect(filterByUser(rows, "  ")).toHaveLength(2);
  });
});

describe("historySince", () => {
  it("is seven days back", () => {
    expect(historySince(Date.parse("2026-11-30T12:00:00Z")).toISOString()).toBe("2026-11-23T12:00:00.000Z");
  });
});

describe("describeHistoryFailure", () => {
  it("names the reports-reading roles on a 403 and keeps Graph's code, message and request id", () => {
    const failure = describeHistoryFailure(
      new GraphError({
        status: 403,
        code: "Authorization_RequestDenied",
        message: "Insufficient privileges to complete the operation.",
        requestId: "r-1",
      }),
    );
    expect(failure.kind).toBe("role");
    expect(failure.reason).toMatch(/Reports Reader, Security Reader, Global Reader/);
    expect(failure.graph).toMatchObject({
      code: "Authorization_RequestDenied",
      requestId: "r-1",
      message: "Insufficient privileges to complete the operation.",
    });
  });

  it("keys on the status, not the wording", () => {
    expect(describeHistoryFailure(new GraphError({ status: 403, code: "Something_Else", message: "anything" })).kind).toBe("role");
    expect(describeHistoryFailure(new GraphError({ status: 400, code: "BadRequest", message: "Insufficient privileges" })).kind).toBe(
      "other",
    );
  });

  it("explains a consent the sign-in service did not grant (MSAL error code), and a network failure", () => {
    const consent = describeHistoryFailure(
      Object.assign(new Error("x"), {
        errorCode: "consent_required",
        errorMessage: "AADSTS65001: The user or administrator has not consented.",
      }),
    );
    expect(consent.kind).toBe("consent");
    expect(consent.reason).toMatch(/AuditLog\.Read\.All/);
    expect(consent.reason).toMatch(/AADSTS65001/);
    expect(describeHistoryFailure(new GraphNetworkError("down")).kind).toBe("network");
  });
});
