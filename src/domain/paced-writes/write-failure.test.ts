import { describe, expect, it } from "vitest";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";
import { classifyWriteFailure, toKnownError } from "./write-failure";

const graphError = (status: number, code: string, message = "x", retryAfter: number | null = null) =>
  new GraphError({ status, code, message, retryAfter });

describe("classifyWriteFailure", () => {
  it("treats 429 as throttling and keeps its Retry-After", () => {
    expect(classifyWriteFailure(graphError(429, "TooManyRequests", "later", 2.5))).toEqual({
      kind: "throttled",
      retryAfterSeconds: 2.5,
    });
  });

  it("treats an outer $batch 424 like throttling, so its requests are resent", () => {
    expect(classifyWriteFailure(graphError(424, "failedDependency", "whole batch throttled", 3))).toEqual({
      kind: "throttled",
      retryAfterSeconds: 3,
    });
  });

  it.each([500, 502, 503, 504, 408, 0])("treats %i as a transient failure that may have written", (status) => {
    expect(classifyWriteFailure(graphError(status, "x"))).toEqual({ kind: "transient", ambiguous: true });
  });

  it("treats a network failure as transient, ambiguous when the request was sent", () => {
    expect(classifyWriteFailure(new GraphNetworkError("down"))).toEqual({ kind: "transient", ambiguous: true });
    expect(classifyWriteFailure(new GraphNetworkError("down", { ambiguous: false }))).toEqual({
      kind: "transient",
      ambiguous: false,
    });
  });

  it.each([400, 401, 403, 404, 409])("never retries %i", (status) => {
    expect(classifyWriteFailure(graphError(status, "x"))).toEqual({ kind: "permanent" });
  });
});

describe("toKnownError", () => {
  it("keeps Graph's and the network's errors and drops anything else", () => {
    const graph = graphError(404, "itemNotFound");
    expect(toKnownError(graph)).toBe(graph);
    expect(toKnownError(new Error("token"))).toBeNull();
  });
});
