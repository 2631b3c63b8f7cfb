import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { describeError } from "../../lib/describe-error";
import { GraphError, GraphNetworkError } from "../../lib/graph/graph-error";
import { useGraphClient } from "../../lib/graph/graph-client-context";
import { getTemporaryAccessPassPolicy } from "../../lib/graph/operations";
import type { GraphClient, TemporaryAccessPassPolicy } from "../../lib/graph/types";
import type { LearnedPolicy } from "../../lib/tap/run-types";

/** Graph's own bounds for `lifetimeInMinutes`, whatever the tenant policy says. */
export const ABSOLUTE_MIN_LIFETIME = 10;
export const ABSOLUTE_MAX_LIFETIME = 43_200;

/** The TAP policy as the app uses it: always complete, and saying where it came from. */
export interface EffectivePolicy {
  enabled: boolean;
  /** The tenant's default; when the policy is unknown, Microsoft's documented default (used only for estimates). */
  defaultLifetimeInMinutes: number;
  /** The range to offer and check: the tenant's when read, else Graph's absolute 10 minutes to 30 days. */
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  /** True when the tenant is known to make every pass one-time. */
  isUsableOnce: boolean;
  /**
   * "unknown" when the policy couldn't be read (the usual case: Authentication and Privileged
   * Authentication Administrators get 403): nothing the admin chooses is changed, Entra decides.
   */
  source: "tenant" | "unknown";
  /** Why the defaults stand in: the admin's role may not read the policy, or the read failed. */
  fallbackReason?: "forbidden" | "unavailable";
  /** The read error in plain words, for "unavailable". */
  fallbackDetail?: string;
  /** With the policy unknown: what Entra's refusals in an earlier run of this page said. */
  learned?: { range: boolean; likelyOneTime: boolean };
}

/** Microsoft's documented defaults for a tenant that never changed the TAP policy. */
export const DOCUMENTED_DEFAULT_POLICY: EffectivePolicy = {
  enabled: true,
  defaultLifetimeInMinutes: 60,
  minimumLifetimeInMinutes: 60,
  maximumLifetimeInMinutes: 480,
  isUsableOnce: false,
  source: "tenant",
};

/**
 * What the app knows when the policy can't be read: only Graph's absolute range. The tenant's own
 * limits are unknown, so nothing is clamped to a guess; Entra applies them and says so when it refuses.
 */
export const UNKNOWN_POLICY: EffectivePolicy = {
  enabled: true,
  defaultLifetimeInMinutes: 60,
  minimumLifetimeInMinutes: ABSOLUTE_MIN_LIFETIME,
  maximumLifetimeInMinutes: ABSOLUTE_MAX_LIFETIME,
  isUsableOnce: false,
  source: "unknown",
};

function bounded(value: unknown, fallback: number): number {
  const number = typeof value === "number" && Number.isFinite(value) ? Math.round(value) : fallback;
  return Math.min(ABSOLUTE_MAX_LIFETIME, Math.max(ABSOLUTE_MIN_LIFETIME, number));
}

/** Makes a policy answer safe to compute with: bounds within Graph's range, min ≤ default ≤ max. */
export function toEffectivePolicy(policy: Partial<TemporaryAccessPassPolicy>): EffectivePolicy {
  let min = bounded(policy.minimumLifetimeInMinutes, DOCUMENTED_DEFAULT_POLICY.minimumLifetimeInMinutes);
  let max = bounded(policy.maximumLifetimeInMinutes, DOCUMENTED_DEFAULT_POLICY.maximumLifetimeInMinutes);
  if (min > max) [min, max] = [max, min];
  const fallbackDefault = Math.min(max, Math.max(min, DOCUMENTED_DEFAULT_POLICY.defaultLifetimeInMinutes));
  const defaultLifetime = Math.min(max, Math.max(min, bounded(policy.defaultLifetimeInMinutes, fallbackDefault)));
  return {
    enabled: policy.state !== "disabled",
    defaultLifetimeInMinutes: defaultLifetime,
    minimumLifetimeInMinutes: min,
    maximumLifetimeInMinutes: max,
    isUsableOnce: policy.isUsableOnce === true,
    source: "tenant",
  };
}

/** The policy to use after the read failed: 403 is the main path for Authentication Administrators of both kinds. */
export function fallbackPolicy(error: unknown): EffectivePolicy {
  if (error instanceof GraphError && error.status === 403) {
    return { ...UNKNOWN_POLICY, fallbackReason: "forbidden" };
  }
  return { ...UNKNOWN_POLICY, fallbackReason: "unavailable", fallbackDetail: describeError(error) };
}

/** What Entra's refusals taught earlier runs in this page; memory only, gone on reload. */
let learnedInThisPage: LearnedPolicy | null = null;

/** An unknown policy narrowed by what Entra said: its range is the tenant's own, stated by Graph. */
export function withLearned(policy: EffectivePolicy, learned: LearnedPolicy | null): EffectivePolicy {
  if (policy.source !== "unknown" || !learned || (!learned.lifetimeRange && !learned.forcesOneTime)) return policy;
  const range = learned.lifetimeRange;
  return {
    ...policy,
    ...(range ? { minimumLifetimeInMinutes: range.min, maximumLifetimeInMinutes: range.max } : {}),
    learned: { range: range !== null, likelyOneTime: learned.forcesOneTime },
  };
}

/** Keeps what a finished run learned, so the next run's settings show and check it. */
export function rememberLearnedPolicy(queryClient: QueryClient, learned: LearnedPolicy): void {
  if (!learned.lifetimeRange && !learned.forcesOneTime) return;
  learnedInThisPage = {
    lifetimeRange: learned.lifetimeRange ?? learnedInThisPage?.lifetimeRange ?? null,
    forcesOneTime: learned.forcesOneTime,
  };
  queryClient.setQueryData<EffectivePolicy>(passSettingsKeys.policy(), (policy) => policy && withLearned(policy, learnedInThisPage));
}

export const passSettingsKeys = {
  all: ["pass-settings"] as const,
  policy: () => [...passSettingsKeys.all, "policy"] as const,
};

/** The tenant's TAP policy, or "unknown" when it can't be read (never an error state). */
export const policyQuery = (client: GraphClient) =>
  queryOptions({
    queryKey: passSettingsKeys.policy(),
    queryFn: async ({ signal }): Promise<EffectivePolicy> => {
      try {
        return toEffectivePolicy(await getTemporaryAccessPassPolicy(client, { signal }));
      } catch (error) {
        // A cancelled read must not be cached as "unknown".
        if (signal.aborted || (error instanceof GraphNetworkError && error.reason === "aborted")) throw error;
        return withLearned(fallbackPolicy(error), learnedInThisPage);
      }
    },
    staleTime: 5 * 60_000,
  });

export function usePassPolicy() {
  return useQuery(policyQuery(useGraphClient()));
}

/** Why nothing can be issued under this policy, or null. */
export function issuingBlockedReason(policy: EffectivePolicy): string | null {
  if (policy.enabled) return null;
  return "Temporary Access Pass is turned off in your tenant, so no pass can be issued. An Authentication Policy Administrator must enable it (Entra admin center → Authentication methods → Temporary Access Pass).";
}
