/**
 * Runtime tenant configuration, read from `/config.json` at start-up so one build serves any tenant.
 * Pure parsing lives here; `load-runtime-config.ts` does the fetch.
 */
import { graphCloudFor } from "./graph-cloud";
import { isRecord } from "../lib/is-record";

export interface AuthorityMetadata {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint: string;
  issuer: string;
  jwks_uri: string;
}

export interface RuntimeConfig {
  clientId: string;
  tenantId: string;
  /** Always https; for the emulated tenant it is only MSAL's cache key and is never contacted. */
  authority: string;
  knownAuthorities: string[];
  authorityMetadata: AuthorityMetadata | null;
  /** Absolute, or relative to the page origin (resolved by the loader). */
  redirectUri: string;
  /** e.g. https://graph.microsoft.com/v1.0 — no trailing slash after normalising. */
  graphBaseUrl: string;
  /** The Graph resource the scopes name, derived from graphBaseUrl: e.g. https://graph.microsoft.us. */
  graphResource: string;
  /** Optional `idleClearMinutes`: pass values leave the page after this long without activity (default 15). */
  idleClearMs: number;
  /** Optional `requireTicket` (default false): every run must name a ticket / reference before Issue. */
  requireTicket: boolean;
  /**
   * Optional `allowEmailToManagers` (default false): Results may e-mail each manager their people's passes
   * from the signed-in admin's mailbox (Mail.Send, asked for only on that call).
   */
  allowEmailToManagers: boolean;
}

export const DEFAULT_IDLE_CLEAR_MINUTES = 15;
/** A deployment may shorten the idle clear (down to seconds, for kiosks and tests) but not stretch it past a working day. */
const MAX_IDLE_CLEAR_MINUTES = 8 * 60;

export class RuntimeConfigError extends Error {
  /** The offending key, or null when the file as a whole is the problem. */
  readonly key: string | null;
  constructor(key: string | null, message: string) {
    super(message);
    this.name = "RuntimeConfigError";
    this.key = key;
  }
}

/** The tenant lives in a cloud where Microsoft offers no TAP API: a reason to show, not a typo to fix. */
export class UnsupportedCloudError extends RuntimeConfigError {
  readonly cloud: string;
  constructor(key: string, cloud: string, reason: string) {
    super(key, reason);
    this.name = "UnsupportedCloudError";
    this.cloud = cloud;
  }
}

const METADATA_KEYS = ["authorization_endpoint", "token_endpoint", "end_session_endpoint", "issuer", "jwks_uri"] as const;

function requireString(source: Record<string, unknown>, key: string, label = key): string {
  const value = source[key];
  if (value === undefined) throw new RuntimeConfigError(label, `"${label}" is missing.`);
  if (typeof value !== "string" || value.trim() === "") {
    throw new RuntimeConfigError(label, `"${label}" must be a non-empty string.`);
  }
  return value.trim();
}

function requireUrl(value: string, key: string, base?: string): URL {
  try {
    return new URL(value, base);
  } catch {
    throw new RuntimeConfigError(key, `"${key}" is not a valid URL: ${value}`);
  }
}

/**
 * Validates the parsed JSON of config.json. `origin` resolves a relative `redirectUri`.
 * Throws RuntimeConfigError naming the first bad key.
 */
export function parseRuntimeConfig(json: unknown, origin: string): RuntimeConfig {
  if (!isRecord(json)) throw new RuntimeConfigError(null, "config.json must contain a JSON object.");

  const clientId = requireString(json, "clientId");
  const tenantId = requireString(json, "tenantId");
  const authority = requireString(json, "authority");
  const authorityUrl = requireUrl(authority, "authority");
  // MSAL refuses any authority that is not https (authority_uri_insecure), so say so up front.
  if (authorityUrl.protocol !== "https:") {
    throw new RuntimeConfigError("authority", `"authority" must start with https:// (got ${authority}).`);
  }

  const knownRaw = json.knownAuthorities ?? [];
  if (!Array.isArray(knownRaw) || knownRaw.some((item) => typeof item !== "string")) {
    throw new RuntimeConfigError("knownAuthorities", `"knownAuthorities" must be an array of host names.`);
  }
  const knownAuthorities = knownRaw as string[];

  let authorityMetadata: AuthorityMetadata | null = null;
  const metadataRaw = json.authorityMetadata ?? null;
  if (metadataRaw !== null) {
    if (!isRecord(metadataRaw)) {
      throw new RuntimeConfigError("authorityMetadata", `"authorityMetadata" must be an object or null.`);
    }
    const entries = METADATA_KEYS.map((key) => {
      const label = `authorityMetadata.${key}`;
      const value = requireString(metadataRaw, key, label);
      requireUrl(value, label);
      return [key, value] as const;
    });
    authorityMetadata = Object.fromEntries(entries) as unknown as AuthorityMetadata;
  }

  const redirectUri = requireUrl(requireString(json, "redirectUri"), "redirectUri", origin).href;
  const graphUrl = requireUrl(requireString(json, "graphBaseUrl"), "graphBaseUrl");
  if (graphUrl.protocol !== "https:" && graphUrl.hostname !== "localhost" && graphUrl.hostname !== "127.0.0.1") {
    throw new RuntimeConfigError("graphBaseUrl", `"graphBaseUrl" must use https:// (got ${graphUrl.href}).`);
  }
  const graphBaseUrl = graphUrl.href.replace(/\/+$/, "");
  const cloud = graphCloudFor(graphUrl, authorityUrl);
  if (cloud === null) {
    throw new RuntimeConfigError(
      "graphBaseUrl",
      `"graphBaseUrl" must be the Microsoft Graph of the tenant's cloud: https://graph.microsoft.com/v1.0 (global), ` +
        `https://graph.microsoft.us/v1.0 (US Government L4) or https://dod-graph.microsoft.us/v1.0 (US Government L5/DoD). Got ${graphUrl.href}.`,
    );
  }
  if (!cloud.supported) throw new UnsupportedCloudError("graphBaseUrl", cloud.cloud, cloud.reason);

  const idleRaw = json.idleClearMinutes ?? DEFAULT_IDLE_CLEAR_MINUTES;
  if (typeof idleRaw !== "number" || !Number.isFinite(idleRaw) || idleRaw <= 0 || idleRaw > MAX_IDLE_CLEAR_MINUTES) {
    throw new RuntimeConfigError(
      "idleClearMinutes",
      `"idleClearMinutes" must be a number of minutes above 0 and at most ${MAX_IDLE_CLEAR_MINUTES} (e.g. 15 or 0.5).`,
    );
  }
  const idleClearMs = Math.round(idleRaw * 60_000);

  const requireTicket = json.requireTicket ?? false;
  // A string "true" is a typo we refuse rather than guess at: guessing false would drop the rule silently.
  if (typeof requireTicket !== "boolean") {
    throw new RuntimeConfigError("requireTicket", `"requireTicket" must be true or false (without quotes).`);
  }

  const allowEmailToManagers = json.allowEmailToManagers ?? false;
  // Pass values leave the page by e-mail only when the deployment says so in plain JSON true.
  if (typeof allowEmailToManagers !== "boolean") {
    throw new RuntimeConfigError("allowEmailToManagers", `"allowEmailToManagers" must be true or false (without quotes).`);
  }

  return {
    clientId,
    tenantId,
    authority,
    knownAuthorities,
    authorityMetadata,
    redirectUri,
    graphBaseUrl,
    graphResource: cloud.resource,
    idleClearMs,
    requireTicket,
    allowEmailToManagers,
  };
}
