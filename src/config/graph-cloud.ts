/**
 * Which Microsoft Graph a `graphBaseUrl` names, and so which resource the app's scopes must name. The TAP
 * method APIs exist in the global cloud and both US Government clouds; not in the one operated by 21Vianet.
 */
export type GraphCloud = { supported: true; cloud: string; resource: string } | { supported: false; cloud: string; reason: string };

const KNOWN_CLOUDS: Record<string, { cloud: string; supported: boolean }> = {
  "graph.microsoft.com": { cloud: "Microsoft global cloud", supported: true },
  "graph.microsoft.us": { cloud: "US Government L4 (GCC High)", supported: true },
  "dod-graph.microsoft.us": { cloud: "US Government L5 (DoD)", supported: true },
  "microsoftgraph.chinacloudapi.cn": { cloud: "21Vianet cloud (Microsoft Azure operated by 21Vianet)", supported: false },
};

/** The sign-in hosts of the 21Vianet cloud, so an authority there is caught even with a global graphBaseUrl. */
const UNSUPPORTED_AUTHORITY_HOSTS = new Set(["login.partner.microsoftonline.cn", "login.chinacloudapi.cn"]);

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

const unavailable = (cloud: string): GraphCloud => ({
  supported: false,
  cloud,
  reason: `Microsoft does not offer the Temporary Access Pass API in the ${cloud}, so TAP Desk cannot issue passes for tenants there.`,
});

/**
 * Maps `graphBaseUrl` (and the authority, for the sign-in cloud) to the Graph resource. A local Graph
 * (the emulated tenant) is named by its origin. Returns null for a host that is no Microsoft Graph.
 */
export function graphCloudFor(graphBaseUrl: URL, authority: URL): GraphCloud | null {
  const host = graphBaseUrl.hostname.toLowerCase();
  if (UNSUPPORTED_AUTHORITY_HOSTS.has(authority.hostname.toLowerCase()))
    return unavailable("21Vianet cloud (Microsoft Azure operated by 21Vianet)");
  const known = KNOWN_CLOUDS[host];
  if (known) return known.supported ? { supported: true, cloud: known.cloud, resource: `https://${host}` } : unavailable(known.cloud);
  if (LOCAL_HOSTS.has(host)) return { supported: true, cloud: "local emulated tenant", resource: graphBaseUrl.origin };
  return null;
}
