// Builds the HTTP security headers for a TAP Desk deployment from its config.json: a strict
// Content-Security-Policy whose connect-src and frame-src name only the authority and Graph hosts.
// Used by `vite preview` (so end-to-end tests run under the real policy) and by `npm run headers`,
// which prints the Azure Static Web Apps and nginx configuration for a given config.json.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function origin(url) {
  return new URL(url).origin;
}

/** The origins the app may talk to, from the runtime config. */
export function allowedOrigins(config) {
  const auth = new Set();
  if (config.authorityMetadata) {
    for (const key of ["authorization_endpoint", "token_endpoint", "end_session_endpoint"]) {
      auth.add(origin(config.authorityMetadata[key]));
    }
  } else {
    auth.add(origin(config.authority));
  }
  return { auth: [...auth], graph: origin(config.graphBaseUrl) };
}

export function contentSecurityPolicy(config) {
  const { auth, graph } = allowedOrigins(config);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    // Fluent UI (Griffel) inserts its atomic CSS at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${[...new Set([...auth, graph])].join(" ")}`,
    // MSAL's silent renewal loads the authority in a hidden iframe.
    `frame-src 'self' ${auth.join(" ")}`,
    "frame-ancestors 'none'",
    `form-action 'self' ${auth.join(" ")}`,
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

export function securityHeaders(config) {
  return {
    "Content-Security-Policy": contentSecurityPolicy(config),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
}

/**
 * The redirect bridge is loaded inside MSAL's hidden iframe on our own origin, so it alone may be
 * framed by the app itself.
 */
export function redirectBridgeHeaders(config) {
  const headers = securityHeaders(config);
  return {
    ...headers,
    "Content-Security-Policy": headers["Content-Security-Policy"].replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
    "X-Frame-Options": "SAMEORIGIN",
  };
}

export function staticWebAppConfig(config) {
  return {
    globalHeaders: securityHeaders(config),
    routes: [
      { route: "/redirect.html", headers: redirectBridgeHeaders(config) },
      { route: "/config.json", headers: { "Cache-Control": "no-store" } },
    ],
    navigationFallback: { rewrite: "/index.html", exclude: ["/assets/*", "/config.json", "/redirect.html"] },
  };
}

export function nginxSnippet(config) {
  const lines = (headers) =>
    Object.entries(headers)
      .map(([name, value]) => `    add_header ${name} "${value}" always;`)
      .join("\n");
  return `server {
  root /var/www/tap-desk;
  location / {
    try_files $uri /index.html;
${lines(securityHeaders(config))}
  }
  location = /redirect.html {
${lines(redirectBridgeHeaders(config))}
  }
  location = /config.json {
    add_header Cache-Control "no-store" always;
${lines(securityHeaders(config))}
  }
}
`;
}

/** Writes `staticwebapp.config.json` and `nginx.conf` for a config.json into a folder. */
export function writeSamples(config, folder) {
  writeFileSync(join(folder, "staticwebapp.config.json"), `${JSON.stringify(staticWebAppConfig(config), null, 2)}\n`);
  writeFileSync(join(folder, "nginx.conf"), nginxSnippet(config));
}

// `npm run headers -- [config.json]` prints both; `-- config.json --write folder` writes them.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const writeAt = args.indexOf("--write");
  const folder = writeAt >= 0 ? args.splice(writeAt, 2)[1] : null;
  const path = args[0] ?? "config.emulator.json";
  const config = JSON.parse(readFileSync(path, "utf8"));
  if (folder) {
    writeSamples(config, folder);
    console.log(`wrote ${join(folder, "staticwebapp.config.json")} and ${join(folder, "nginx.conf")} for ${path}`);
  } else {
    console.log("# staticwebapp.config.json (Azure Static Web Apps)");
    console.log(JSON.stringify(staticWebAppConfig(config), null, 2));
    console.log("\n# nginx");
    console.log(nginxSnippet(config));
  }
}
