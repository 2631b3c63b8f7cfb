import { describe, expect, it } from "vitest";
import { toGraphError } from "../../lib/graph/parse-error";
import { GraphError, GraphResponseShapeError } from "../../lib/graph/graph-error";
import { describeCreateFailure, lifetimeRangeOf, parseLifetimeRange } from "./classify-failure";

const graphError = (status: number, code: string, message = "x", retryAfter: number | null = null, innerCode: string | null = null) =>
  new GraphError({ status, code, message, retryAfter, innerCode });

describe("parseLifetimeRange", () => {
  it("reads the two numbers of Graph's range answer", () => {
    expect(parseLifetimeRange("Invalid LifetimeInMinutes specified. The valid range between 60 and 480.")).toEqual({ min: 60, max: 480 });
    expect(parseLifetimeRange("Invalid LifetimeInMinutes specified. The valid range between 60 and 1440.")).toEqual({ min: 60, max: 1440 });
  });

  it("gives up on anything that isn't exactly two sane numbers in order", () => {
    expect(parseLifetimeRange("Invalid LifetimeInMinutes specified.")).toBeNull();
    expect(parseLifetimeRange("between 480 and 60")).toBeNull();
    expect(parseLifetimeRange("between 5 and 480")).toBeNull();
    expect(parseLifetimeRange("between 60 and 99999")).toBeNull();
    expect(parseLifetimeRange("between 60 and 480 (code 42)")).toBeNull();
    expect(parseLifetimeRange("AuthMethodType [TemporaryAccessPass].")).toBeNull();
  });

  it("learns a range only from a 400 badRequest, whatever the wording around the numbers", () => {
    expect(lifetimeRangeOf(graphError(400, "badRequest", "Ungültig: zwischen 60 und 1440."))).toEqual({ min: 60, max: 1440 });
    expect(lifetimeRangeOf(graphError(403, "Authorization_RequestDenied", "between 60 and 480"))).toBeNull();
    expect(lifetimeRangeOf(graphError(400, "Request_BadRequest", "between 60 and 480"))).toBeNull();
  });
});

describe("describeCreateFailure (keyed on status and codes)", () => {
  it("names the tenant's range and what the row asked", () => {
    const error = graphError(400, "badRequest", "Invalid LifetimeInMinutes specified. The valid range between 60 and 1440.");
    expect(describeCreateFailure(error, { lifetimeInMinutes: 2880 })).toBe(
      "Entra allows passes of 1 hour–1 day in this tenant; this row asked for 2 days.",
    );
  });

  it("gives the same reason for any wording of a 400 badRequest without a range, saying it can't tell which rule", () => {
    const policy = describeCreateFailure(
      graphError(
        400,
        "badRequest",
        "Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].",
      ),
    );
    const guest = describeCreateFailure(graphError(400, "badRequest", "Temporary Access Pass cannot be added to an external guest user."));
    const reworded = describeCreateFailure(graphError(400, "badRequest", "Something Microsoft says differently tomorrow."));
    expect(policy).toBe(guest);
    expect(policy).toBe(reworded);
    expect(policy).toMatch(/can't tell which rule/);
    expect(describeCreateFailure(graphError(400, "badRequest"), { isUsableOnce: false })).toMatch(/this row asked for multi-use/);
  });

  it("lists every cause of a plain 403 Authorization_RequestDenied, since it can't tell which", () => {
    const reason = describeCreateFailure(
      graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."),
    );
    for (const cause of [
      /role may not cover this user/,
      /administrative unit/,
      /may be you/,
      /consent/,
      /Conditional Access/,
      /can't tell/,
    ]) {
      expect(reason).toMatch(cause);
    }
  });

  it("names Conditional Access for insufficient_claims (code or inner code) or a claims challenge header", () => {
    expect(describeCreateFailure(graphError(403, "insufficient_claims"))).toMatch(/^Conditional Access/);
    expect(describeCreateFailure(graphError(403, "accessDenied", "x", null, "insufficient_claims"))).toMatch(/^Conditional Access/);
    const challenged = toGraphError(
      403,
      { error: { code: "Authorization_RequestDenied", message: "x" } },
      { "WWW-Authenticate": 'Bearer realm="", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="' },
    );
    expect(describeCreateFailure(challenged)).toMatch(/^Conditional Access/);
  });

  it("shows which field of an answer TAP Desk couldn't read, not a refusal", () => {
    const unreadable = new GraphResponseShapeError({ status: 201, problem: "temporaryAccessPass is missing", requestId: "rq-9" });
    expect(describeCreateFailure(unreadable)).toBe(
      "Microsoft Graph sent an answer TAP Desk couldn't read (temporaryAccessPass is missing).",
    );
  });

  it("explains missing users, throttling, conflicts and sign-in", () => {
    expect(describeCreateFailure(graphError(404, "Request_ResourceNotFound"))).toBe("User not found.");
    expect(describeCreateFailure(graphError(409, "conflict", "whatever"))).toMatch(/already holds a pass/);
    expect(describeCreateFailure(graphError(424, "failedDependency"))).toMatch(/throttling/);
    expect(describeCreateFailure(graphError(401, "InvalidAuthenticationToken"))).toMatch(/sign in again/);
  });
});
