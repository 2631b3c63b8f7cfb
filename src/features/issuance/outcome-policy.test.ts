import { describe, expect, it } from "vitest";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";
import { failureDetails, issuedPass, PolicyLearner, refusalReason, shouldCleanUpAndResend } from "./outcome-policy";

const rangeRefusal = (min: number, max: number) =>
  new GraphError({
    status: 400,
    code: "badRequest",
    message: `Invalid LifetimeInMinutes specified. The valid range between ${min} and ${max}.`,
  });
const unnamedRefusal = new GraphError({ status: 400, code: "badRequest", message: "anything at all" });

describe("PolicyLearner: what Entra's refusals teach", () => {
  it("learns the range Graph named; later rows outside it are not sent, with the reason and what they asked", () => {
    const learner = new PolicyLearner();
    expect(learner.learnFromRefusal({ lifetimeInMinutes: 2880 }, rangeRefusal(60, 1440))).toEqual({
      refusal: { kind: "lifetime", requestedMinutes: 2880 },
      changed: true,
    });
    expect(learner.current).toEqual({ lifetimeRange: { min: 60, max: 1440 }, forcesOneTime: false });
    expect(learner.refusalAhead({ lifetimeInMinutes: 1440 })).toBeNull();
    expect(learner.refusalAhead({ lifetimeInMinutes: 30 })).toEqual({
      refusal: { kind: "lifetime", requestedMinutes: 30 },
      reason:
        "Not sent: Entra allows passes of 1 hour–1 day in this tenant; this row asked for 30 minutes. (Entra said so when it refused an earlier row.)",
    });
    // The same range again teaches nothing new, so queued rows need no second look.
    expect(learner.learnFromRefusal({ lifetimeInMinutes: 2880 }, rangeRefusal(60, 1440)).changed).toBe(false);
    expect(learner.learnFromRefusal({ lifetimeInMinutes: 2880 }, rangeRefusal(60, 480)).changed).toBe(true);
  });

  it("a row that asked no lifetime still teaches the range but carries no lifetime refusal", () => {
    const learner = new PolicyLearner();
    expect(learner.learnFromRefusal({}, rangeRefusal(60, 480))).toEqual({ changed: true });
    expect(learner.refusalAhead({})).toBeNull();
  });

  it("guesses one-time use is forced from a refused multi-use create, and says it is not certain", () => {
    const learner = new PolicyLearner();
    expect(learner.learnFromRefusal({ isUsableOnce: false }, unnamedRefusal)).toEqual({ refusal: { kind: "multiUse" }, changed: true });
    expect(learner.current.forcesOneTime).toBe(true);
    expect(learner.refusalAhead({ isUsableOnce: false })?.reason).toMatch(/^Not sent as a multi-use pass: .*TAP Desk is not certain/);
    expect(learner.refusalAhead({ isUsableOnce: true })).toBeNull();
    expect(learner.learnFromRefusal({ isUsableOnce: false }, unnamedRefusal).changed).toBe(false);
  });

  it("drops that guess once a multi-use pass is accepted, and never makes it again in this run", () => {
    const learner = new PolicyLearner({ lifetimeRange: null, forcesOneTime: true });
    learner.noteAccepted({ isUsableOnce: true });
    expect(learner.current.forcesOneTime).toBe(true);
    learner.noteAccepted({ isUsableOnce: false });
    expect(learner.current.forcesOneTime).toBe(false);
    expect(learner.learnFromRefusal({ isUsableOnce: false }, unnamedRefusal)).toEqual({ changed: false });
    expect(learner.current.forcesOneTime).toBe(false);
  });

  it("learns nothing from a refusal that names no range for a one-time or unspecified pass (it may be the policy's user scope)", () => {
    const learner = new PolicyLearner();
    expect(learner.learnFromRefusal({ isUsableOnce: true, lifetimeInMinutes: 60 }, unnamedRefusal)).toEqual({ changed: false });
    expect(learner.learnFromRefusal({}, unnamedRefusal)).toEqual({ changed: false });
    expect(learner.current).toEqual({ lifetimeRange: null, forcesOneTime: false });
  });

  it("tells a re-issue which lifetimes were refused or would have been", () => {
    const learner = new PolicyLearner({ lifetimeRange: { min: 60, max: 480 }, forcesOneTime: false });
    expect(learner.lifetimeRefused(60, { kind: "lifetime", requestedMinutes: 60 })).toBe(true);
    expect(learner.lifetimeRefused(1440, { kind: "multiUse" })).toBe(true);
    expect(learner.lifetimeRefused(120, { kind: "multiUse" })).toBe(false);
    expect(learner.lifetimeRefused(undefined, { kind: "multiUse" })).toBe(false);
  });

  it("hands out copies of what it learned", () => {
    const learner = new PolicyLearner();
    const seen = learner.current;
    learner.learnFromRefusal({ lifetimeInMinutes: 2880 }, rangeRefusal(60, 1440));
    expect(seen.lifetimeRange).toBeNull();
  });
});

describe("shouldCleanUpAndResend", () => {
  const conflict = new GraphError({ status: 409, code: "conflict", message: "exists" });
  const row = { ambiguous: true, alreadyResent: false, failures: 1, maxAttempts: 6 };

  it("cleans up and resends once when a refusal to replace may be about the pass our unanswered attempt created", () => {
    expect(shouldCleanUpAndResend(conflict, row)).toBe(true);
    expect(shouldCleanUpAndResend(unnamedRefusal, row)).toBe(true);
  });

  it("doesn't without an unanswered attempt, a second time, past the attempts, for a named range, or for other refusals", () => {
    expect(shouldCleanUpAndResend(conflict, { ...row, ambiguous: false })).toBe(false);
    expect(shouldCleanUpAndResend(conflict, { ...row, alreadyResent: true })).toBe(false);
    expect(shouldCleanUpAndResend(conflict, { ...row, failures: 6 })).toBe(false);
    expect(shouldCleanUpAndResend(rangeRefusal(60, 480), row)).toBe(false);
    expect(shouldCleanUpAndResend(new GraphError({ status: 403, code: "Authorization_RequestDenied", message: "no" }), row)).toBe(false);
  });
});

describe("reading a create's answer", () => {
  const method = {
    id: "m1",
    temporaryAccessPass: "Secret!",
    createdDateTime: "2026-01-05T09:00:00Z",
    startDateTime: "2026-01-05T10:00:00Z",
    lifetimeInMinutes: 90,
    isUsableOnce: true,
    isUsable: true,
    methodUsabilityReason: "EnabledByPolicy",
  };

  it("builds the issued pass from Entra's answer, with its end time", () => {
    const target = {
      rowId: "r1",
      userKey: "ada@contoso.example",
      displayLabel: "Ada",
      body: { lifetimeInMinutes: 60, isUsableOnce: false },
    };
    expect(issuedPass(target, method)).toEqual({
      rowId: "r1",
      userId: "ada@contoso.example",
      userPrincipalName: "ada@contoso.example",
      displayName: "Ada",
      value: "Secret!",
      methodId: "m1",
      createdDateTime: "2026-01-05T09:00:00Z",
      startDateTime: "2026-01-05T10:00:00Z",
      endDateTime: "2026-01-05T11:30:00.000Z",
      lifetimeInMinutes: 90,
      isUsableOnce: true,
    });
    // An object id is no UPN; preflight's resolved id and UPN win over the key.
    expect(issuedPass({ ...target, userKey: "0000-id" }, method).userPrincipalName).toBe("");
    expect(issuedPass({ ...target, userId: "id-1", userPrincipalName: "ada@x.example" }, method)).toMatchObject({
      userId: "id-1",
      userPrincipalName: "ada@x.example",
    });
  });
});

describe("failure details", () => {
  it("keeps Graph's code, status, request id, inner code and message beside the plain reason", () => {
    const error = new GraphError({
      status: 403,
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges.",
      requestId: "r-1",
      innerCode: "x",
    });
    expect(failureDetails(error, "Plain.")).toEqual({
      reason: "Plain.",
      code: "Authorization_RequestDenied",
      status: 403,
      requestId: "r-1",
      innerCode: "x",
      graphMessage: "Insufficient privileges.",
    });
    expect(failureDetails(error, "Plain.", { kind: "multiUse" })).toMatchObject({ policyRefusal: { kind: "multiUse" } });
  });

  it("names a lost connection and a timeout", () => {
    expect(failureDetails(new GraphNetworkError("reset"), "Lost.")).toEqual({
      reason: "Lost.",
      code: "networkError",
      graphMessage: "reset",
    });
    expect(failureDetails(new GraphNetworkError("slow", { reason: "timeout" }), "Slow.").code).toBe("timeout");
  });

  it("says what TAP Desk guesses when a multi-use pass was refused", () => {
    expect(refusalReason({ kind: "multiUse" }, "Graph's reason")).toMatch(/^Entra refused this multi-use pass and .*not certain/);
    expect(refusalReason({ kind: "lifetime", requestedMinutes: 5 }, "Graph's reason")).toBe("Graph's reason");
    expect(refusalReason(undefined, "Graph's reason")).toBe("Graph's reason");
  });
});
