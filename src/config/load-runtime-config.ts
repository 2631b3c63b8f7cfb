import { parseRuntimeConfig, RuntimeConfigError, type RuntimeConfig } from "./runtime-config";

/** Fetches `/config.json` from the site root (never cached: switching tenants needs no rebuild). */
export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetch("/config.json", { cache: "no-store" });
  } catch {
    throw new RuntimeConfigError(null, "config.json could not be loaded: the site did not answer.");
  }
  if (!response.ok) {
    throw new RuntimeConfigError(null, `config.json could not be loaded (HTTP ${response.status}). Deploy it next to index.html.`);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new RuntimeConfigError(null, "config.json is not valid JSON.");
  }
  return parseRuntimeConfig(json, window.location.origin);
}
