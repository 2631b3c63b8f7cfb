import { describe, expect, it } from "vitest";
import { allowedRangeText, customToMinutes, formatLifetime, lifetimePresets, minutesToCustom, presetKeyFor } from "./lifetime";
import { DOCUMENTED_DEFAULT_POLICY, UNKNOWN_POLICY, type EffectivePolicy } from "./pass-policy";

const tenant = (extra: Partial<EffectivePolicy> = {}): EffectivePolicy => ({
  ...DOCUMENTED_DEFAULT_POLICY,
  source: "tenant",
  ...extra,
});

describe("pass lifetime", () => {
  it("names who sets the range: the tenant when known, else Entra's absolute range with the tenant's unknown", () => {
    expect(allowedRangeText(tenant())).toBe("your tenant allows 1 hour to 8 hours");
    expect(allowedRangeText(UNKNOWN_POLICY)).toBe("Entra accepts 10 minutes to 30 days (your tenant's own limits are unknown to TAP Desk)");
  });

  it("offers only the presets the policy allows and marks the tenant default", () => {
    const presets = lifetimePresets(tenant({ minimumLifetimeInMinutes: 60, maximumLifetimeInMinutes: 480 }));
    expect(presets.map((p) => p.minutes)).toEqual([60, 480]);
    expect(presets[0]!.label).toBe("1 hour (tenant default)");
  });

  it("adds the tenant default as a preset when it is none of the standard ones", () => {
    const policy = tenant({ defaultLifetimeInMinutes: 120, minimumLifetimeInMinutes: 10, maximumLifetimeInMinutes: 43200 });
    const presets = lifetimePresets(policy);
    expect(presets.map((p) => p.minutes)).toEqual([60, 120, 480, 1440]);
    expect(presets.find((p) => p.minutes === 120)?.label).toBe("2 hours (tenant default)");
    expect(presetKeyFor(policy, 120)).toBe("120");
  });

  it("offers a 'tenant default' choice that sends nothing when the policy couldn't be read", () => {
    const presets = lifetimePresets(UNKNOWN_POLICY);
    expect(presets[0]).toMatchObject({ key: "default", minutes: null, label: "Tenant default (unknown to TAP Desk; Entra applies it)" });
    expect(presets.map((p) => p.minutes)).toEqual([null, 60, 480, 1440]);
    expect(presetKeyFor(UNKNOWN_POLICY, null)).toBe("default");
  });

  it("shows values without a preset as custom", () => {
    expect(presetKeyFor(tenant(), 90)).toBe("custom");
  });

  it("reads custom amounts in minutes or hours", () => {
    expect(customToMinutes("90", "minutes")).toBe(90);
    expect(customToMinutes("1,5", "hours")).toBe(90);
    expect(customToMinutes("0", "hours")).toBeNull();
    expect(customToMinutes("abc", "minutes")).toBeNull();
    expect(minutesToCustom(480)).toEqual({ amount: "8", unit: "hours" });
    expect(minutesToCustom(90)).toEqual({ amount: "90", unit: "minutes" });
  });

  it("says lifetimes in words", () => {
    expect(formatLifetime(60)).toBe("1 hour");
    expect(formatLifetime(480)).toBe("8 hours");
    expect(formatLifetime(1440)).toBe("1 day");
    expect(formatLifetime(90)).toBe("1 hour 30 minutes");
    expect(formatLifetime(10)).toBe("10 minutes");
    expect(formatLifetime(43200)).toBe("30 days");
  });
});
