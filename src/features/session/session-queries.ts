import { queryOptions } from "@tanstack/react-query";
import type { GraphClient } from "../../lib/graph/types";
import { getMe, getOrganization, listMyDirectoryRoles } from "../../lib/graph/operations";
import { roleHint, type RoleHint } from "../../lib/directory-roles";

export const sessionKeys = {
  all: ["session"] as const,
  me: () => [...sessionKeys.all, "me"] as const,
  organization: () => [...sessionKeys.all, "organization"] as const,
  capability: (tokenRoleIds: readonly string[] | null) =>
    [...sessionKeys.all, "capability", tokenRoleIds === null ? null : [...tokenRoleIds].sort().join(",")] as const,
};

export const meQuery = (client: GraphClient) =>
  queryOptions({ queryKey: sessionKeys.me(), queryFn: ({ signal }) => getMe(client, { signal }), staleTime: Infinity });

export const organizationQuery = (client: GraphClient) =>
  queryOptions({
    queryKey: sessionKeys.organization(),
    queryFn: ({ signal }) => getOrganization(client, { signal }),
    staleTime: Infinity,
  });

export interface CapabilityAnswer extends RoleHint {
  /** Why `/me/transitiveMemberOf` could not be read, when it failed (the hint then rests on the token). */
  readError: unknown;
}

/**
 * What the signed-in admin may do, as a hint: the ID token's `wids` (tenant-wide roles, no Graph
 * permission needed) joined with `/me/transitiveMemberOf` (often unnamed on a real tenant). Never
 * fails: a failed read is part of the answer, so nothing waits on it or hides behind it. Read once per
 * sign-in (roles change only with a new token), so no background refetch reaches a run on screen.
 */
export const capabilityQuery = (client: GraphClient, tokenRoleIds: readonly string[] | null) =>
  queryOptions({
    queryKey: sessionKeys.capability(tokenRoleIds),
    queryFn: async ({ signal }): Promise<CapabilityAnswer> => {
      try {
        const roles = await listMyDirectoryRoles(client, { signal });
        return { ...roleHint({ tokenRoleIds, directoryRoles: roles }), readError: null };
      } catch (error) {
        if (signal.aborted) throw error;
        return { ...roleHint({ tokenRoleIds, directoryRoles: null }), readError: error };
      }
    },
    staleTime: Infinity,
  });
