import type { DirectoryUser } from "../lib/graph/types";

/** Identity issuers Entra uses for accounts that sign in at another organisation or provider (B2B). */
const EXTERNAL_ISSUERS = new Set(["externalazuread", "microsoftaccount", "mail"]);

/**
 * What Graph says about where an account signs in. Guests invited from another organisation (B2B)
 * sign in at home, so a pass from this tenant is refused ("cannot be added to an external guest
 * user"); guests created here are internal and can receive one. `#EXT#` in the name alone is not
 * proof (an invited account converted to internal keeps it), so it only makes the answer "unsure".
 */
export function guestOrigin(user: DirectoryUser): "external" | "internal" | "unsure" {
  if (typeof user.externalUserState === "string" && user.externalUserState !== "") return "external";
  if (user.creationType === "Invitation") return "external";
  const external = (user.identities ?? []).some(
    (identity) => identity.signInType?.toLowerCase() === "federated" || EXTERNAL_ISSUERS.has(identity.issuer?.toLowerCase() ?? ""),
  );
  if (external) return "external";
  return user.userPrincipalName.toUpperCase().includes("#EXT#") ? "unsure" : "internal";
}

/** Only accounts Graph itself describes as external are refused a pass; the unsure ones are sent. */
export function isExternalGuest(user: DirectoryUser): boolean {
  return guestOrigin(user) === "external";
}
