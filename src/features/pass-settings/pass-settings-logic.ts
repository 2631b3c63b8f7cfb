import type { CreateTemporaryAccessPassBody } from "../../lib/graph/types";
import type { PassOverrides, PassSettings } from "../../lib/tap/run-types";
import { allowedRangeText, defaultLifetime, formatLifetime, isWithinPolicy } from "./lifetime";
import type { EffectivePolicy } from "./pass-policy";
import { checkStart, endsInFuture } from "./start-time";
import { isTimeZone, parseWallTime } from "../../domain/zoned-time";

/**
 * A new run's settings: lifetime and one-time use follow the tenant's policy (null = leave it to
 * Entra, which applies the policy), so nothing the tenant decides is overridden by a guess of ours.
 */
export function initialPassSettings(policy: EffectivePolicy): PassSettings {
  return {
    lifetimeInMinutes: defaultLifetime(policy),
    isUsableOnce: null,
    startDateTime: null,
    replaceUsablePasses: false,
    issueForDisabledAccounts: false,
  };
}

/** The one-time choice the service will apply: forced on when the policy is known to force it; null = the tenant's rule. */
export function effectiveUsableOnce(policy: EffectivePolicy, requested: boolean | null | undefined): boolean | null {
  if (policy.isUsableOnce) return true;
  return requested ?? null;
}

/** The lifetime range to check against: the tenant's when known, else only Graph's own bounds. */
function lifetimeBounds(policy: EffectivePolicy): { min: number; max: number; text: string } {
  return { min: policy.minimumLifetimeInMinutes, max: policy.maximumLifetimeInMinutes, text: allowedRangeText(policy) };
}

export interface OverrideCheckOptions {
  nowMs?: number;
  /** The run's lifetime, used when the row sets a start but no lifetime. */
  lifetimeInMinutes?: number | null;
}

/**
 * Why a CSV row's own settings can't be used under this policy, or null. Checked before issuing so
 * the admin sees out-of-policy rows in the review instead of as failures afterwards.
 */
export function validateOverrides(policy: EffectivePolicy, overrides: PassOverrides, options: OverrideCheckOptions = {}): string | null {
  const { lifetimeInMinutes, isUsableOnce, startDateTime } = overrides;
  if (lifetimeInMinutes !== undefined) {
    const bounds = lifetimeBounds(policy);
    if (!Number.isInteger(lifetimeInMinutes) || lifetimeInMinutes < bounds.min || lifetimeInMinutes > bounds.max) {
      return `This row asks for a pass lasting ${formatLifetime(Math.max(0, Math.round(lifetimeInMinutes)))}, but ${bounds.text}.`;
    }
  }
  if (isUsableOnce === false && policy.isUsableOnce) {
    return "This row asks for a reusable pass, but your tenant's policy makes every pass one-time.";
  }
  if (startDateTime !== undefined) {
    const start = checkStart(startDateTime, options.nowMs ?? Date.now());
    if (start.kind === "invalid") return `This row's start time “${startDateTime}” isn't a date and time.`;
    const lifetime = lifetimeInMinutes ?? options.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
    if (start.kind === "past" && !endsInFuture(start.startMs, lifetime, options.nowMs ?? Date.now())) {
      return "This row's pass would already have ended: its start time plus its lifetime is in the past.";
    }
  }
  return null;
}

export type PassRequestPlan = { ok: true; body: CreateTemporaryAccessPassBody; notes: string[] } | { ok: false; reason: string };

/**
 * The body to POST for one user: the row's overrides win over the run's settings, the policy's
 * forced one-time use wins over both, and a start that has passed is left out so the pass starts
 * on creation (Graph documents no rule for a past start; "now" is what the admin meant).
 */
export function passRequestBody(policy: EffectivePolicy, settings: PassSettings, overrides: PassOverrides, nowMs: number): PassRequestPlan {
  const reason = validateOverrides(policy, overrides, { nowMs, lifetimeInMinutes: settings.lifetimeInMinutes });
  if (reason !== null) return { ok: false, reason };
  const notes: string[] = [];
  const body: CreateTemporaryAccessPassBody = {};
  // Sent exactly as chosen: a lifetime outside the known range is refused above, never clamped.
  const lifetime = overrides.lifetimeInMinutes ?? settings.lifetimeInMinutes;
  if (lifetime !== null) {
    if (!isWithinPolicy(policy, lifetime)) {
      return {
        ok: false,
        reason: `The run asks for passes lasting ${formatLifetime(Math.max(0, Math.round(lifetime)))}, but ${allowedRangeText(policy)}.`,
      };
    }
    body.lifetimeInMinutes = lifetime;
  }
  const once = effectiveUsableOnce(policy, overrides.isUsableOnce ?? settings.isUsableOnce);
  if (once !== null) body.isUsableOnce = once;
  const start = checkStart(overrides.startDateTime ?? settings.startDateTime, nowMs);
  if (start.kind === "later") body.startDateTime = new Date(start.startMs).toISOString();
  if (start.kind === "past") notes.push("The chosen start time had passed, so the pass starts now.");
  if (start.kind === "invalid") return { ok: false, reason: "The start time isn't a date and time." };
  return { ok: true, body, notes };
}

export interface SettingsIssue {
  field: "lifetime" | "start";
  severity: "warning" | "error";
  message: string;
}

/** Problems with the run's settings worth showing beside the form. */
export function settingsIssues(policy: EffectivePolicy, settings: PassSettings, nowMs: number): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  if (settings.lifetimeInMinutes !== null && !isWithinPolicy(policy, settings.lifetimeInMinutes)) {
    issues.push({
      field: "lifetime",
      severity: "error",
      message: `Passes can't last ${formatLifetime(Math.max(0, Math.round(settings.lifetimeInMinutes)))}: ${allowedRangeText(policy)}.`,
    });
  }
  if (settings.firstDay) {
    if (parseWallTime(settings.firstDay.time) === null) {
      issues.push({
        field: "start",
        severity: "error",
        message: "Pick the time passes start on each person's first day (24-hour, e.g. 07:30).",
      });
    }
    if (!isTimeZone(settings.firstDay.timeZone)) {
      issues.push({ field: "start", severity: "error", message: "Pick the time zone for people whose row names none." });
    }
    return issues;
  }
  const start = checkStart(settings.startDateTime, nowMs);
  if (start.kind === "past") {
    issues.push({
      field: "start",
      severity: "warning",
      message: "That start time has passed; passes will start as soon as they're created.",
    });
  }
  if (start.kind === "invalid") {
    issues.push({
      field: "start",
      severity: "error",
      message:
        settings.startDateTime === ""
          ? "Pick the date and time passes start, or choose Now."
          : "The start time isn't a real date and time. Pick one, or choose Now.",
    });
  }
  return issues;
}

/** "Passes last 8 hours, can be used once, start now." */
export function summarizeSettings(
  policy: EffectivePolicy,
  settings: PassSettings,
  nowMs: number,
  formatDateTime: (iso: string) => string,
): string {
  const lifetime =
    settings.lifetimeInMinutes === null ? "last your tenant's default lifetime" : `last ${formatLifetime(settings.lifetimeInMinutes)}`;
  const once = effectiveUsableOnce(policy, settings.isUsableOnce);
  const use =
    once === true
      ? "can be used once"
      : once === false
        ? "can be used any number of times until they expire"
        : policy.source === "tenant"
          ? "can be used any number of times until they expire (tenant default)"
          : "follow your tenant's one-time rule";
  const start = checkStart(settings.startDateTime, nowMs);
  const when = settings.firstDay
    ? `start on each person's start date at ${settings.firstDay.time || "a time not picked yet"} (${settings.firstDay.timeZone} unless the row names its own zone)${settings.firstDay.pastStartsNow ? "; people whose start date has passed get a pass that starts now" : ""}`
    : start.kind === "later"
      ? `start ${formatDateTime(new Date(start.startMs).toISOString())}`
      : start.kind === "invalid"
        ? "start at a time not picked yet"
        : "start now";
  return `Passes ${lifetime}, ${use}, ${when}.`;
}
