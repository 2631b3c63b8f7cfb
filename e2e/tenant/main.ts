import { parseArgs } from "node:util";
import { faultKinds } from "./knobs.ts";
import type { FaultKind } from "./knobs.ts";
import { startTenantServer } from "./server.ts";
import type { TenantOptions } from "./state.ts";

const usage = `Emulated tenant for TAP Desk (Entra authority + Graph v1.0). See e2e/tenant/README.md.

  --port N                 listen port (default TENANT_PORT or 4010)
  --users N                users in the default tenant (default 10000)
  --seed N                 directory seed
  --persona KEY            who signs in: paa|aa|user|reader-paa|aa-sales|custom (or a UPN in the directory)
  --latency-read MS        median GET latency (default 40)
  --latency-write MS       median write latency (default 120)
  --latency-spread S       log-normal sigma (default 0.35)
  --quota off|N/SECS       write quota per app+tenant (default 3000/150)
  --faults RATE            fault probability for TAP writes, 0..1 (default 0)
  --fault-kinds LIST       comma list of ${faultKinds.join(",")}
  --fault-reads            inject faults into GETs too
  --expose-retry-after     list Retry-After in Access-Control-Expose-Headers
  --token-lifetime SECS    access token lifetime (default 3599)
  --replace-mode MODE      replace (default) or reject when a pass exists
  --group-membership-claims V  app manifest setting: DirectoryRole (default, wids in the ID token) or None
  --policy-state STATE     enabled (default) or disabled
  --app-origin URL         the app origin registered on tenants (redirect + post-logout URIs;
                           default http://localhost:5173)
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}`);
  process.exit(2);
}

function numberFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) fail(`--${name} needs a number`);
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    users: { type: "string" },
    seed: { type: "string" },
    persona: { type: "string" },
    "latency-read": { type: "string" },
    "latency-write": { type: "string" },
    "latency-spread": { type: "string" },
    quota: { type: "string" },
    faults: { type: "string" },
    "fault-kinds": { type: "string" },
    "fault-reads": { type: "boolean" },
    "expose-retry-after": { type: "boolean" },
    "token-lifetime": { type: "string" },
    "replace-mode": { type: "string" },
    "group-membership-claims": { type: "string" },
    "policy-state": { type: "string" },
    "app-origin": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}

let quota: { capacity: number; refillPerSecond: number } | null | undefined;
if (values.quota !== undefined) {
  if (values.quota === "off") quota = null;
  else {
    const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(values.quota);
    if (!m) fail("--quota must be off or N/SECS, e.g. 3000/150");
    const capacity = Number(m[1]);
    quota = { capacity, refillPerSecond: capacity / Number(m[2]) };
  }
}

const kinds = values["fault-kinds"]?.split(",").map((k) => k.trim());
if (kinds && !kinds.every((k): k is FaultKind => (faultKinds as readonly string[]).includes(k)))
  fail(`--fault-kinds must list ${faultKinds.join(", ")}`);

const knobs: Record<string, unknown> = {
  latency: {
    readMs: numberFlag(values["latency-read"], "latency-read") ?? 40,
    writeMs: numberFlag(values["latency-write"], "latency-write") ?? 120,
    spread: numberFlag(values["latency-spread"], "latency-spread") ?? 0.35,
  },
  faults: {
    rate: numberFlag(values.faults, "faults") ?? 0,
    ...(kinds ? { kinds } : {}),
    reads: values["fault-reads"] ?? false,
  },
  exposeRetryAfter: values["expose-retry-after"] ?? false,
  tokenLifetimeSeconds: numberFlag(values["token-lifetime"], "token-lifetime") ?? 3599,
  replaceMode: values["replace-mode"] ?? "replace",
};
if (quota !== undefined) knobs.quota = quota;
if (values["group-membership-claims"] !== undefined) knobs.groupMembershipClaims = values["group-membership-claims"];

const defaultTenant: Omit<TenantOptions, "tenantId" | "clientId"> = { knobs };
const users = numberFlag(values.users, "users");
if (users !== undefined) defaultTenant.userCount = users;
const seed = numberFlag(values.seed, "seed");
if (seed !== undefined) defaultTenant.seed = seed;
if (values.persona !== undefined) defaultTenant.persona = values.persona;
if (values["policy-state"] !== undefined) defaultTenant.policy = { state: values["policy-state"] };

try {
  const server = await startTenantServer({
    port: numberFlag(values.port, "port"),
    defaultTenant,
    ...(values["app-origin"] !== undefined ? { appOrigin: values["app-origin"] } : {}),
  });
  const t = server.defaultTenant;
  process.stdout.write(
    `Emulated tenant listening on ${server.url} (127.0.0.1 and ::1)\n` +
      `  Graph:     ${server.url}/v1.0\n` +
      `  Authority: ${server.url}/${t?.tenantId ?? "{tenantId}"}/oauth2/v2.0/authorize\n` +
      `  Control:   ${server.url}/_emulator/health\n` +
      (t
        ? `  Default tenant ${t.tenantId} "${t.name}", ${t.directory.users.length} users, persona ${t.usersById.get(t.personaUserId)?.userPrincipalName ?? "?"}\n`
        : ""),
  );
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
