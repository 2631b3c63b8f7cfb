import { describe, expect, it } from "vitest";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";
import { classifyCreateFailure, describeCreateFailure } from "./classify-failure";

const graphError = (status: number, code: string, message = "x", retryAfter: number | null = null) =>
  new GraphError({ status, code, message, retryAfter });

describe("classifyCreateFailure", () => {
  it("treats 429 as throttling and keeps its Retry-After", () => {
    expect(classifyCreateFailure(graphError(429, "TooManyRequests", "later", 2.5))).toEqual({
      kind: "throttled",
      retryAfterSeconds: 2.5,
    });
  });

  it.each([500, 502, 503, 504, 408, 0])("treats %i as a transient failure that may have created the pass", (status) => {
    expect(classifyCreateFailure(graphError(status, "x"))).toEqual({ kind: "transient", ambiguous: true });
  });

  it("treats a network failure as transient, ambiguous when the request was sent", () => {
    expect(classifyCreateFailure(new GraphNetworkError("down"))).toEqual({ kind: "transient", ambiguous: true });
    expect(classifyCreateFailure(new GraphNetworkError("down", { ambiguous: false }))).toEqual({
      kind: "transient",
      ambiguous: false,
    });
  });

  it.each([400, 401, 403, 404, 409])("never retries %i", (status) => {
    expect(classifyCreateFailure(graphError(status, "x"))).toEqual({ kind: "permanent" });
  });
});

describe("describeCreateFailure", () => {
  it("names the policy's lifetime range", () => {
    const error = graphError(400, "badRequest", "Invalid LifetimeInMinutes specified. The valid range between 60 and 480.");
    expect(describeCreateFailure(error)).toBe("Lifetime outside the tenant's policy (60–480 minutes).");
  });

  it("explains a policy that excludes the user", () => {
    const error = graphError(
      400,
      "badRequest",
      "Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].",
    );
    expect(describeCreateFailure(error)).toBe("The TAP policy is disabled or doesn't include this user.");
  });

  it("explains external guests, missing users and missing roles", () => {
    expect(describeCreateFailure(graphError(400, "badRequest", "Temporary Access Pass cannot be added to an external guest user."))).toBe(
      "External guests can't receive a pass.",
    );
    expect(describeCreateFailure(graphError(404, "Request_ResourceNotFound"))).toBe("User not found.");
    expect(describeCreateFailure(graphError(403, "Authorization_RequestDenied"))).toBe(
      "Your role can't issue passes for this user (needs Privileged Authentication Administrator).",
    );
  });
});
