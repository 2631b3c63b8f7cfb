/**
 * The delegated Microsoft Graph permissions TAP Desk asks for: the least that issuing passes needs.
 * The README lists the same table, with why each is asked for, for admins registering the app.
 */
export const GRAPH_PERMISSIONS = {
  /** Create, list and delete Temporary Access Passes on other users, and no other authentication method. */
  passes: "UserAuthMethod-TAP.ReadWrite.All",
  /** Resolve users from a CSV or the search box and read accountEnabled / userType / their roles. */
  readUsers: "User.Read.All",
  /** Sign-in, the admin's own profile and the tenant's name (GET /me, GET /organization). */
  me: "User.Read",
  /** Relevance-ranked "people I work with" suggestions in the search box (GET /me/people). */
  people: "People.Read",
  /** Read the tenant's TAP policy (lifetime limits, one-time use). Most helpdesk roles still get 403. */
  policy: "Policy.Read.AuthenticationMethod",
} as const;

/** Asked for at sign-in and on every call. Features that need more ask for it on their own call (incremental consent). */
export const SIGN_IN_PERMISSIONS: readonly string[] = Object.values(GRAPH_PERMISSIONS);

/**
 * Full scope strings for one Graph resource, e.g. `https://graph.microsoft.us/User.Read.All`. Scopes must
 * name the Graph of the tenant's cloud: a token for another cloud's Graph is refused there.
 */
export function graphScopes(resource: string, permissions: readonly string[] = SIGN_IN_PERMISSIONS): string[] {
  return [...new Set(permissions)].map((permission) => `${resource}/${permission}`);
}
