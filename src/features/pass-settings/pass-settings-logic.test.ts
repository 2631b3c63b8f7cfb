import { describe, expect, it } from "vitest";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";
import type { GraphClient } from "../../lib/graph/types";
import type { PassSettings } from "../../lib/tap/run-types";
import {
  DOCUMENTED_DEFAULT_POLICY,
  UNKNOWN_POLICY,
  withLearned,
  type EffectivePolicy,
  fallbackPolicy,
  issuingBlockedReason,
  policyQuery,
  toEffectivePolicy,
} from "./pass-policy";
import {
  effectiveUsableOnce,
  initialPassSettings,
  passRequestBody,
  settingsIssues,
  summarizeSettings,
  validateOverrides,
} from "./pass-settings-logic";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const tenant = (extra: Partial<EffectivePolicy> = {}): EffectivePolicy => ({ ...DOCUMENTED_DEFAULT_POLICY, source: "tenant", ...extra });
const settings = (extra: Partial<PassSettings> = {}): PassSettings => ({
  lifetimeInMinutes: 480,
  isUsableOnce: true,
  startDateTime: null,
  replaceUsablePasses: false,
  ...extra,
});

describe("TAP policy", () => {
  it("keeps the tenant's values and makes them consistent", () => {
    const policy = toEffectivePolicy({
      state: "enabled",
      defaultLifetimeInMinutes: 5,
      minimumLifetimeInMinutes: 600,
      maximumLifetimeInMinutes: 120,
      isUsableOnce: true,
    });
    expect(policy).toMatchObject({
      minimumLifetimeInMinutes: 120,
      maximumLifetimeInMinutes: 600,
      defaultLifetimeInMinutes: 120,
      isUsableOnce: true,
      enabled: true,
      source: "tenant",
    });
  });

  it("blocks issuing with a clear message when the policy is disabled", () => {
    const policy = toEffectivePolicy({ state: "disabled" });
    expect(policy.enabled).toBe(false);
    expect(issuingBlockedReason(policy)).toMatch(/Authentication Policy Administrator must enable it/);
    expect(issuingBlockedReason(tenant())).toBeNull();
  });

  it("on 403 knows only Entra's absolute range (10 minutes to 30 days), never a guessed tenant range", () => {
    const policy = fallbackPolicy(new GraphError({ status: 403, code: "Authorization_RequestDenied", message: "no" }));
    expect(policy).toMatchObject({
      source: "unknown",
      fallbackReason: "forbidden",
      minimumLifetimeInMinutes: 10,
      maximumLifetimeInMinutes: 43_200,
      isUsableOnce: false,
    });
  });

  it("falls back to the defaults on any other failure, keeping the reason", () => {
    const policy = fallbackPolicy(new GraphError({ status: 500, code: "x", message: "boom", requestId: "r-9" }));
    expect(policy.fallbackReason).toBe("unavailable");
    expect(policy.fallbackDetail).toContain("r-9");
  });

  it("reads the policy through the query and never surfaces a 403 as an error", async () => {
    const client = (answer: () => Promise<unknown>): GraphClient => ({
      request: answer as GraphClient["request"],
      batch: async () => [],
    });
    const signal = new AbortController().signal;
    const run = (c: GraphClient) => (policyQuery(c).queryFn as (context: { signal: AbortSignal }) => Promise<EffectivePolicy>)({ signal });
    await expect(
      run(
        client(async () => ({
          state: "enabled",
          defaultLifetimeInMinutes: 120,
          minimumLifetimeInMinutes: 60,
          maximumLifetimeInMinutes: 480,
          isUsableOnce: false,
        })),
      ),
    ).resolves.toMatchObject({ source: "tenant", defaultLifetimeInMinutes: 120 });
    await expect(
      run(
        client(async () => {
          throw new GraphError({ status: 403, code: "x", message: "no" });
        }),
      ),
    ).resolves.toMatchObject({ source: "unknown", fallbackReason: "forbidden" });
  });

  it("does not cache the defaults when the read was cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    const client: GraphClient = {
      request: async () => {
        throw new GraphNetworkError("cancelled", { reason: "aborted", ambiguous: false });
      },
      batch: async () => [],
    };
    const queryFn = policyQuery(client).queryFn as (context: { signal: AbortSignal }) => Promise<EffectivePolicy>;
    await expect(queryFn({ signal: controller.signal })).rejects.toBeInstanceOf(GraphNetworkError);
  });
});

describe("pass settings", () => {
  it("starts a run with the tenant's defaults for lifetime and one-time use, start now, and disabled accounts skipped", () => {
    expect(initialPassSettings(tenant({ defaultLifetimeInMinutes: 120 }))).toEqual({
      lifetimeInMinutes: 120,
      isUsableOnce: null,
      startDateTime: null,
      replaceUsablePasses: false,
      issueForDisabledAccounts: false,
    });
    expect(initialPassSettings(UNKNOWN_POLICY)).toMatchObject({ lifetimeInMinutes: null, isUsableOnce: null });
  });

  it("forces one-time use when the policy does, and otherwise leaves the tenant default to Entra", () => {
    expect(effectiveUsableOnce(tenant({ isUsableOnce: true }), false)).toBe(true);
    expect(effectiveUsableOnce(tenant({ isUsableOnce: true }), null)).toBe(true);
    expect(effectiveUsableOnce(tenant(), false)).toBe(false);
    expect(effectiveUsableOnce(UNKNOWN_POLICY, null)).toBeNull();
  });

  it("with the policy unknown, sends exactly the lifetime chosen (1 day stays 1,440, 30 minutes stays 30)", () => {
    expect(passRequestBody(UNKNOWN_POLICY, settings({ lifetimeInMinutes: 1440, isUsableOnce: null }), {}, NOW)).toEqual({
      ok: true,
      body: { lifetimeInMinutes: 1440 },
      notes: [],
    });
    expect(passRequestBody(UNKNOWN_POLICY, settings({ lifetimeInMinutes: 30, isUsableOnce: null }), {}, NOW)).toEqual({
      ok: true,
      body: { lifetimeInMinutes: 30 },
      notes: [],
    });
    expect(settingsIssues(UNKNOWN_POLICY, settings({ lifetimeInMinutes: 1440 }), NOW)).toEqual([]);
  });

  it("refuses, never clamps, a run lifetime outside the known range", () => {
    expect(passRequestBody(tenant(), settings({ lifetimeInMinutes: 1440 }), {}, NOW)).toEqual({
      ok: false,
      reason: "The run asks for passes lasting 1 day, but your tenant allows 1 hour to 8 hours.",
    });
    expect(passRequestBody(UNKNOWN_POLICY, settings({ lifetimeInMinutes: 5 }), {}, NOW)).toMatchObject({ ok: false });
    expect(settingsIssues(UNKNOWN_POLICY, settings({ lifetimeInMinutes: 50_000 }), NOW)).toEqual([
      {
        field: "lifetime",
        severity: "error",
        message:
          "Passes can't last 34 days 17 hours 20 minutes: Entra accepts 10 minutes to 30 days (your tenant's own limits are unknown to TAP Desk).",
      },
    ]);
  });

  it("an empty per-row one-time cell means the run's setting", () => {
    expect(passRequestBody(UNKNOWN_POLICY, settings({ isUsableOnce: false }), {}, NOW)).toMatchObject({
      ok: true,
      body: { isUsableOnce: false },
    });
    expect(passRequestBody(UNKNOWN_POLICY, settings({ isUsableOnce: null }), { lifetimeInMinutes: 60 }, NOW)).toEqual({
      ok: true,
      body: { lifetimeInMinutes: 60 },
      notes: [],
    });
    expect(passRequestBody(UNKNOWN_POLICY, settings({ isUsableOnce: null }), { isUsableOnce: true }, NOW)).toMatchObject({
      ok: true,
      body: { isUsableOnce: true },
    });
  });

  it("summarises the settings in one sentence", () => {
    const format = (value: string) => `«${value}»`;
    expect(summarizeSettings(tenant(), settings(), NOW, format)).toBe("Passes last 8 hours, can be used once, start now.");
    expect(
      summarizeSettings(
        tenant(),
        settings({ isUsableOnce: false, lifetimeInMinutes: 60, startDateTime: "2026-06-02T07:00:00.000Z" }),
        NOW,
        format,
      ),
    ).toBe("Passes last 1 hour, can be used any number of times until they expire, start «2026-06-02T07:00:00.000Z».");
    expect(summarizeSettings(tenant({ isUsableOnce: true }), settings({ isUsableOnce: false }), NOW, format)).toContain("can be used once");
    expect(summarizeSettings(UNKNOWN_POLICY, settings({ isUsableOnce: null, lifetimeInMinutes: null }), NOW, format)).toBe(
      "Passes last your tenant's default lifetime, follow your tenant's one-time rule, start now.",
    );
    expect(summarizeSettings(tenant(), settings({ startDateTime: "2026-06-01T11:00:00Z" }), NOW, format)).toContain("start now");
  });

  it("blocks Later with no date: an error on the start field, a summary that doesn't say now, and no request body", () => {
    expect(settingsIssues(tenant(), settings({ startDateTime: "" }), NOW)).toEqual([
      { field: "start", severity: "error", message: "Pick the date and time passes start, or choose Now." },
    ]);
    expect(settingsIssues(tenant(), settings({ startDateTime: "2026-13-01T00:00:00Z" }), NOW)[0]).toMatchObject({
      field: "start",
      severity: "error",
    });
    const summary = summarizeSettings(tenant(), settings({ startDateTime: "" }), NOW, String);
    expect(summary).not.toContain("start now");
    expect(summary).toContain("not picked yet");
    expect(passRequestBody(tenant(), settings({ startDateTime: "" }), {}, NOW)).toMatchObject({ ok: false });
  });

  it("warns when the chosen start has passed", () => {
    expect(settingsIssues(tenant(), settings({ startDateTime: "2026-06-01T11:00:00Z" }), NOW)).toEqual([
      { field: "start", severity: "warning", message: "That start time has passed; passes will start as soon as they're created." },
    ]);
    expect(settingsIssues(tenant(), settings({ lifetimeInMinutes: 1440 }), NOW)[0]?.severity).toBe("error");
  });
});

describe("what Entra's refusals taught an earlier run", () => {
  it("narrows an unknown policy to the range Entra stated, and says so; never touches a read policy", () => {
    const learned = withLearned(UNKNOWN_POLICY, { lifetimeRange: { min: 60, max: 1440 }, forcesOneTime: false });
    expect(learned).toMatchObject({
      source: "unknown",
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 1440,
      learned: { range: true, likelyOneTime: false },
    });
    expect(validateOverrides(learned, { lifetimeInMinutes: 2880 }, { nowMs: NOW })).toBe(
      "This row asks for a pass lasting 2 days, but Entra said your tenant allows 1 hour to 1 day.",
    );
    expect(withLearned(tenant(), { lifetimeRange: { min: 10, max: 20 }, forcesOneTime: true })).toEqual(tenant());
    expect(withLearned(UNKNOWN_POLICY, { lifetimeRange: null, forcesOneTime: false })).toBe(UNKNOWN_POLICY);
  });

  it("only hints (never forces) one-time use it could not be sure of", () => {
    const learned = withLearned(UNKNOWN_POLICY, { lifetimeRange: null, forcesOneTime: true });
    expect(learned.isUsableOnce).toBe(false);
    expect(learned.learned).toEqual({ range: false, likelyOneTime: true });
  });
});

describe("per-row overrides", () => {
  it("accepts rows within the policy", () => {
    expect(
      validateOverrides(
        tenant(),
        { lifetimeInMinutes: 120, isUsableOnce: false, startDateTime: "2026-06-02T09:00:00+02:00" },
        { nowMs: NOW },
      ),
    ).toBeNull();
  });

  it("flags a lifetime outside the tenant's range", () => {
    expect(validateOverrides(tenant(), { lifetimeInMinutes: 30 }, { nowMs: NOW })).toBe(
      "This row asks for a pass lasting 30 minutes, but your tenant allows 1 hour to 8 hours.",
    );
    expect(validateOverrides(tenant(), { lifetimeInMinutes: 600 }, { nowMs: NOW })).toMatch(/8 hours/);
  });

  it("checks only Microsoft's absolute range when the policy couldn't be read", () => {
    expect(validateOverrides(UNKNOWN_POLICY, { lifetimeInMinutes: 1440 }, { nowMs: NOW })).toBeNull();
    expect(validateOverrides(UNKNOWN_POLICY, { lifetimeInMinutes: 5 }, { nowMs: NOW })).toMatch(/Entra accepts 10 minutes to 30 days/);
  });

  it("flags a reusable pass when the policy forces one-time use", () => {
    expect(validateOverrides(tenant({ isUsableOnce: true }), { isUsableOnce: false }, { nowMs: NOW })).toMatch(/one-time/);
  });

  it("flags a start that, with its lifetime, has already ended", () => {
    expect(validateOverrides(tenant(), { startDateTime: "2026-06-01T10:00:00Z", lifetimeInMinutes: 60 }, { nowMs: NOW })).toMatch(
      /already have ended/,
    );
    expect(validateOverrides(tenant(), { startDateTime: "2026-06-01T10:00:00Z" }, { nowMs: NOW, lifetimeInMinutes: 480 })).toBeNull();
    expect(validateOverrides(tenant(), { startDateTime: "nonsense" }, { nowMs: NOW })).toMatch(/isn't a date/);
  });

  it("builds the request body with row values winning and the policy's rule on top", () => {
    const plan = passRequestBody(tenant({ isUsableOnce: true }), settings({ isUsableOnce: false }), { lifetimeInMinutes: 120 }, NOW);
    expect(plan).toEqual({ ok: true, body: { lifetimeInMinutes: 120, isUsableOnce: true }, notes: [] });
  });

  it("sends a future start in UTC and leaves a passed start out so the pass starts now", () => {
    const later = passRequestBody(tenant(), settings(), { startDateTime: "2026-06-02T09:00:00+02:00" }, NOW);
    expect(later).toMatchObject({ ok: true, body: { startDateTime: "2026-06-02T07:00:00.000Z" } });
    const passed = passRequestBody(tenant(), settings({ startDateTime: "2026-06-01T11:30:00Z" }), {}, NOW);
    expect(passed).toMatchObject({ ok: true, notes: ["The chosen start time had passed, so the pass starts now."] });
    expect(passed.ok && "startDateTime" in passed.body).toBe(false);
  });

  it("sends no lifetime when the run leaves it to the tenant default", () => {
    expect(passRequestBody(UNKNOWN_POLICY, settings({ lifetimeInMinutes: null }), {}, NOW)).toEqual({
      ok: true,
      body: { isUsableOnce: true },
      notes: [],
    });
  });

  it("refuses to build a body for an out-of-policy row", () => {
    expect(passRequestBody(tenant(), settings(), { lifetimeInMinutes: 5000 }, NOW)).toMatchObject({ ok: false });
  });
});

describe("first-day start settings", () => {
  const firstDay = { time: "07:30", timeZone: "Europe/Berlin", pastStartsNow: false };
  it("blocks Issue without a real time or zone, and ignores the run-level start meanwhile", () => {
    expect(settingsIssues(tenant(), settings({ firstDay, startDateTime: null }), NOW)).toEqual([]);
    expect(settingsIssues(tenant(), settings({ firstDay: { ...firstDay, time: "" } }), NOW)).toMatchObject([
      { field: "start", severity: "error", message: expect.stringMatching(/Pick the time/) },
    ]);
    expect(settingsIssues(tenant(), settings({ firstDay: { ...firstDay, timeZone: "Europe/Berln" } }), NOW)).toMatchObject([
      { field: "start", severity: "error", message: expect.stringMatching(/time zone/) },
    ]);
  });
});
