import type { EffectivePolicy } from "./pass-policy";

export type LifetimeUnit = "minutes" | "hours";

export interface LifetimePreset {
  /** Stable key for a radio value: minutes as text, or "default". */
  key: string;
  /** null lets the service apply the tenant's default (used when the policy couldn't be read). */
  minutes: number | null;
  label: string;
}

export const STANDARD_PRESET_MINUTES = [60, 480, 1440] as const;
export const TENANT_DEFAULT_KEY = "default";
export const CUSTOM_KEY = "custom";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** "1 hour", "8 hours", "1 day", "90 minutes" → "1 hour 30 minutes", "2 days 3 hours". */
export function formatLifetime(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(plural(days, "day"));
  if (hours > 0) parts.push(plural(hours, "hour"));
  if (rest > 0 || parts.length === 0) parts.push(plural(rest, "minute"));
  return parts.join(" ");
}

export function isWithinPolicy(policy: EffectivePolicy, minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= policy.minimumLifetimeInMinutes && minutes <= policy.maximumLifetimeInMinutes;
}

/**
 * 1 hour, 8 hours and 1 day where the policy allows them, plus the tenant default when it is none
 * of those. When the policy is unknown, "tenant default" (send nothing: Entra applies it) comes first.
 */
export function lifetimePresets(policy: EffectivePolicy): LifetimePreset[] {
  const presets: LifetimePreset[] = [];
  if (policy.source === "unknown") {
    presets.push({ key: TENANT_DEFAULT_KEY, minutes: null, label: "Tenant default (unknown to TAP Desk; Entra applies it)" });
  }
  const minutes = new Set<number>(STANDARD_PRESET_MINUTES.filter((m) => isWithinPolicy(policy, m)));
  if (policy.source === "tenant") minutes.add(policy.defaultLifetimeInMinutes);
  for (const m of [...minutes].sort((a, b) => a - b)) {
    const isDefault = policy.source === "tenant" && m === policy.defaultLifetimeInMinutes;
    presets.push({ key: String(m), minutes: m, label: isDefault ? `${formatLifetime(m)} (tenant default)` : formatLifetime(m) });
  }
  return presets;
}

/** The preset to preselect for a new run. */
export function defaultLifetime(policy: EffectivePolicy): number | null {
  return policy.source === "tenant" ? policy.defaultLifetimeInMinutes : null;
}

/** The preset key showing `minutes`, or "custom" when no preset has that value. */
export function presetKeyFor(policy: EffectivePolicy, minutes: number | null): string {
  const match = lifetimePresets(policy).find((preset) => preset.minutes === minutes);
  return match ? match.key : CUSTOM_KEY;
}

/** Reads the custom amount; null when it isn't a positive number. */
export function customToMinutes(amount: string, unit: LifetimeUnit): number | null {
  const text = amount.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const value = Number(text) * (unit === "hours" ? 60 : 1);
  return value > 0 ? Math.round(value) : null;
}

/** Splits minutes into the friendliest custom amount and unit. */
export function minutesToCustom(minutes: number): { amount: string; unit: LifetimeUnit } {
  return minutes % 60 === 0 ? { amount: String(minutes / 60), unit: "hours" } : { amount: String(minutes), unit: "minutes" };
}

export function policyRangeText(policy: EffectivePolicy): string {
  return `${formatLifetime(policy.minimumLifetimeInMinutes)} to ${formatLifetime(policy.maximumLifetimeInMinutes)}`;
}

/** Who sets the range being checked, for messages: "your tenant allows …" or Graph's absolute range. */
export function allowedRangeText(policy: EffectivePolicy): string {
  if (policy.source === "tenant") return `your tenant allows ${policyRangeText(policy)}`;
  if (policy.learned?.range) return `Entra said your tenant allows ${policyRangeText(policy)}`;
  return `Entra accepts ${policyRangeText(policy)} (your tenant's own limits are unknown to TAP Desk)`;
}
