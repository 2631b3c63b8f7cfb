/** One request inside a JSON `$batch`. `url` is relative to the version root, e.g. `/users/{id}`. */
export interface BatchRequest {
  id: string;
  method: "GET" | "POST" | "DELETE" | "PATCH";
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Checks a success body and returns it typed, or throws a ResponseShapeProblem naming the field
 * that did not fit (the client turns it into a GraphResponseShapeError with the request id).
 */
export type BodyReader<T> = (body: unknown) => T;

export interface GraphRequestOptions {
  method?: "GET" | "POST" | "DELETE" | "PATCH";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Overrides the client's default timeout for this request. */
  timeoutMs?: number;
  /**
   * Permissions this call needs beyond the sign-in set (e.g. "AuditLog.Read.All"): the token provider
   * asks for them (and Entra for consent) only when such a call is made.
   */
  extraPermissions?: readonly string[];
}

/**
 * The only thing features know about HTTP. Implemented over fetch in `graph-client.ts`; tests use a fake.
 * `path` is relative to graphBaseUrl (starts with `/`), or an absolute `@odata.nextLink`.
 */
export interface GraphClient {
  /** Network data is never cast: `read` checks the success body (see response-shapes.ts). */
  request<T>(path: string, options: GraphRequestOptions & { read: BodyReader<T> }): Promise<T>;
  /** POST /$batch with ≤ 20 requests; resolves with inner responses keyed by id (outer non-2xx throws). */
  batch(requests: BatchRequest[], options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<BatchResponse[]>;
}

export interface GraphCollection<T> {
  value: T[];
  "@odata.nextLink"?: string;
  "@odata.count"?: number;
}

/** Shapes we read (only the properties we $select). */
export interface DirectoryUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
  mail?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  accountEnabled?: boolean;
  userType?: "Member" | "Guest" | null;
  /** Set for B2B guests: "PendingAcceptance" | "Accepted" | null. */
  externalUserState?: string | null;
  creationType?: string | null;
  /** How the account signs in; a federated or external issuer marks a B2B guest. */
  identities?: UserIdentity[] | null;
  /** The person's first day (DateTimeOffset, UTC); null when HR never set it. */
  employeeHireDate?: string | null;
}

/** A user's manager (`GET /users/{id}/manager`), as much as the onboarding hand-off needs. */
export interface ManagerRef {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  /** Null when the manager has no mailbox: no e-mail can be sent to them. */
  mail: string | null;
}

/** A plain-text message for `POST /me/sendMail` (only what TAP Desk sends). */
export interface MailMessage {
  subject: string;
  body: { contentType: "Text"; content: string };
  toRecipients: { emailAddress: { address: string; name?: string } }[];
}

export interface UserIdentity {
  signInType?: string | null;
  issuer?: string | null;
  issuerAssignedId?: string | null;
}

export interface TemporaryAccessPassMethod {
  id: string;
  /** Only ever non-null on the 201 from create. */
  temporaryAccessPass: string | null;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  isUsable: boolean;
  methodUsabilityReason: "EnabledByPolicy" | "DisabledByPolicy" | "Expired" | "NotYetValid" | "OneTimeUsed" | string;
}

export interface TemporaryAccessPassPolicy {
  id: string;
  state: "enabled" | "disabled";
  defaultLifetimeInMinutes: number;
  defaultLength: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  isUsableOnce: boolean;
}

/** A directory role object; name and template are null when Graph withholds them (limited-information rule). */
export interface DirectoryRole {
  id: string;
  displayName: string | null;
  roleTemplateId: string | null;
}

/** The signed-in admin (`GET /me`). */
export interface SignedInUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
  mail?: string | null;
}

export interface Organization {
  id: string;
  displayName: string | null;
  verifiedDomains?: { name: string; isDefault: boolean; isInitial?: boolean }[];
}

/** A `/me/people` entry (abridged). Groups appear too; see `isOrganizationUser`. */
export interface Person {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  jobTitle?: string | null;
  department?: string | null;
  scoredEmailAddresses?: { address: string; relevanceScore?: number | null }[] | null;
  personType?: { class?: string | null; subclass?: string | null } | null;
}

/** Body of POST …/temporaryAccessPassMethods; every property is optional. */
export interface CreateTemporaryAccessPassBody {
  startDateTime?: string;
  lifetimeInMinutes?: number;
  isUsableOnce?: boolean;
}
