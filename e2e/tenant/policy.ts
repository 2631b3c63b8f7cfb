import { KnobError } from "./knobs.ts";

/** The tenant's Temporary Access Pass method configuration (what GET …/TemporaryAccessPass returns). */
export interface TapPolicy {
  state: "enabled" | "disabled";
  defaultLifetimeInMinutes: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  defaultLength: number;
  isUsableOnce: boolean;
  /** "all_users", or only members of the seeded "TAP Rollout" group. */
  includeTarget: "all_users" | "group";
  /** Users (ids or UPNs) placed in the "TAP Excluded" group that excludeTargets points at. */
  excludeUsers: string[];
}

export function defaultPolicy(): TapPolicy {
  return {
    state: "enabled",
    defaultLifetimeInMinutes: 60,
    minimumLifetimeInMinutes: 60,
    maximumLifetimeInMinutes: 480,
    defaultLength: 8,
    isUsableOnce: false,
    includeTarget: "all_users",
    excludeUsers: [],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function int(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new KnobError(`policy.${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

export function mergePolicy(current: TapPolicy, patch: unknown): TapPolicy {
  if (!isRecord(patch)) throw new KnobError("policy must be an object");
  const next: TapPolicy = structuredClone(current);
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case "state":
        if (value !== "enabled" && value !== "disabled") throw new KnobError('policy.state must be "enabled" or "disabled"');
        next.state = value;
        break;
      case "defaultLifetimeInMinutes":
      case "minimumLifetimeInMinutes":
      case "maximumLifetimeInMinutes":
        next[key] = int(value, key, 10, 43200);
        break;
      case "defaultLength":
        next.defaultLength = int(value, key, 8, 48);
        break;
      case "isUsableOnce":
        if (typeof value !== "boolean") throw new KnobError("policy.isUsableOnce must be a boolean");
        next.isUsableOnce = value;
        break;
      case "includeTarget":
        if (value !== "all_users" && value !== "group") throw new KnobError('policy.includeTarget must be "all_users" or "group"');
        next.includeTarget = value;
        break;
      case "excludeUsers":
        if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string")) {
          throw new KnobError("policy.excludeUsers must be a list of ids or UPNs");
        }
        next.excludeUsers = [...value];
        break;
      default:
        throw new KnobError(`unknown policy setting ${key}`);
    }
  }
  if (next.minimumLifetimeInMinutes > next.maximumLifetimeInMinutes) {
    throw new KnobError("policy.minimumLifetimeInMinutes must not exceed maximumLifetimeInMinutes");
  }
  if (next.defaultLifetimeInMinutes < next.minimumLifetimeInMinutes || next.defaultLifetimeInMinutes > next.maximumLifetimeInMinutes) {
    throw new KnobError("policy.defaultLifetimeInMinutes must lie between the minimum and maximum");
  }
  return next;
}
