import { queryOptions } from "@tanstack/react-query";
import type { GraphClient } from "../../lib/graph/types";
import { getMe, getOrganization, listMyDirectoryRoles } from "../../lib/graph/operations";
import { issuerCapability } from "../../lib/directory-roles";

export const sessionKeys = {
  all: ["session"] as const,
  me: () => [...sessionKeys.all, "me"] as const,
  organization: () => [...sessionKeys.all, "organization"] as const,
  capability: () => [...sessionKeys.all, "capability"] as const,
};

export const meQuery = (client: GraphClient) =>
  queryOptions({ queryKey: sessionKeys.me(), queryFn: ({ signal }) => getMe(client, { signal }), staleTime: Infinity });

export const organizationQuery = (client: GraphClient) =>
  queryOptions({
    queryKey: sessionKeys.organization(),
    queryFn: ({ signal }) => getOrganization(client, { signal }),
    staleTime: Infinity,
  });

/** The signed-in admin's directory roles, reduced to what they may issue. */
export const capabilityQuery = (client: GraphClient) =>
  queryOptions({
    queryKey: sessionKeys.capability(),
    queryFn: async ({ signal }) => {
      const roles = await listMyDirectoryRoles(client, { signal });
      return { capability: issuerCapability(roles.flatMap((role) => role.roleTemplateId ?? [])), roles };
    },
    staleTime: 5 * 60_000,
  });
