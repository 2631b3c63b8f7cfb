/**
 * Runtime tenant configuration, read from `/config.json` at start-up so one build serves any tenant.
 * Pure parsing lives here; `load-runtime-config.ts` does the fetch.
 */
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
}

export class RuntimeConfigError extends Error {
  /** The offending key, or null when the file as a whole is the problem. */
  readonly key: string | null;
  constructor(key: string | null, message: string) {
    super(message);
    this.name = "RuntimeConfigError";
    this.key = key;
  }
}
