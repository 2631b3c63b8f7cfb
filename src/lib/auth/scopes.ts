/**
 * The delegated Microsoft Graph permissions TAP Desk asks for: the least that issuing passes needs.
 * The README lists the same table for admins registering the app.
 */
export const GRAPH_SCOPES = {
  /** Create, list and delete Temporary Access Pass methods on other users. */
  authMethods: "UserAuthenticationMethod.ReadWrite.All",
  /** Resolve users from a CSV and read accountEnabled / userType / their directory roles. */
  readUsers: "User.Read.All",
  /** The signed-in admin's profile, tenant name and own directory roles. */
  me: "User.Read",
  /** Relevance-ranked "people I work with" suggestions in the search box. */
  people: "People.Read",
  /** Read the tenant's TAP policy (lifetime limits, one-time use). Auth Admins may still get 403. */
  policy: "Policy.Read.All",
} as const;

export const ALL_GRAPH_SCOPES: string[] = Object.values(GRAPH_SCOPES).map(
  (scope) => `https://graph.microsoft.com/${scope}`,
);
