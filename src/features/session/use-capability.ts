import { useQuery } from "@tanstack/react-query";
import { useSignedInRoleClaim } from "../../lib/auth/claims";
import { useGraphClient } from "../../lib/graph/graph-client-context";
import { capabilityQuery } from "./session-queries";

/** The signed-in admin's role hint (see capabilityQuery); every caller shares one cached read. */
export function useCapability() {
  return useQuery(capabilityQuery(useGraphClient(), useSignedInRoleClaim()));
}
