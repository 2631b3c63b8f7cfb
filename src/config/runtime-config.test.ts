import { describe, expect, it } from "vitest";
import { parseRuntimeConfig, RuntimeConfigError, UnsupportedCloudError } from "./runtime-config";

const origin = "http://localhost:5173";
const valid = {
  clientId: "8e3f2a7b-6c1d-4e5f-9a0b-1c2d3e4f5a6b",
  tenantId: "4c1e0a52-7d0e-4f37-9d3a-5a1b2c3d4e5f",
  authority: "https://login.microsoftonline.com/4c1e0a52-7d0e-4f37-9d3a-5a1b2c3d4e5f",
  knownAuthorities: [],
  authorityMetadata: null,
  redirectUri: "/redirect.html",
  graphBaseUrl: "https://graph.microsoft.com/v1.0/",
};

function badKey(json: unknown): string | null {
  try {
    parseRuntimeConfig(json, origin);
  } catch (error) {
    if (error instanceof RuntimeConfigError) return error.key;
    throw error;
  }
  throw new Error("expected the config to be refused");
}

describe("parseRuntimeConfig", () => {
  it("resolves a relative redirect URI against the page origin and trims the Graph URL", () => {
    const config = parseRuntimeConfig(valid, origin);
    expect(config.redirectUri).toBe("http://localhost:5173/redirect.html");
    expect(config.graphBaseUrl).toBe("https://graph.microsoft.com/v1.0");
    expect(config.authorityMetadata).toBeNull();
  });

  it("accepts authority metadata for a local authority", () => {
    const base = "http://localhost:4010/t1";
    const config = parseRuntimeConfig(
      {
        ...valid,
        authority: "https://localhost:4010/t1",
        knownAuthorities: ["localhost:4010"],
        authorityMetadata: {
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          issuer: `${base}/v2.0`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
        },
        graphBaseUrl: "http://localhost:4010/v1.0",
      },
      origin,
    );
    expect(config.authorityMetadata?.token_endpoint).toBe(`${base}/oauth2/v2.0/token`);
  });

  it("names the missing key", () => {
    const { clientId: _omit, ...rest } = valid;
    expect(badKey(rest)).toBe("clientId");
  });

  it("names a key of the wrong type", () => {
    expect(badKey({ ...valid, tenantId: 42 })).toBe("tenantId");
    expect(badKey({ ...valid, knownAuthorities: "localhost" })).toBe("knownAuthorities");
  });

  it("refuses an authority that MSAL would reject as insecure", () => {
    expect(badKey({ ...valid, authority: "http://login.microsoftonline.com/x" })).toBe("authority");
  });

  it("names the bad endpoint inside authority metadata", () => {
    expect(badKey({ ...valid, authorityMetadata: { authorization_endpoint: "x" } })).toBe("authorityMetadata.authorization_endpoint");
  });

  it("refuses something that is not an object", () => {
    expect(badKey([])).toBeNull();
    expect(badKey("hello")).toBeNull();
  });

  it("refuses a plain-http Graph URL on a public host", () => {
    expect(badKey({ ...valid, graphBaseUrl: "http://graph.example.com/v1.0" })).toBe("graphBaseUrl");
  });

  it("allows e-mail to managers only when allowEmailToManagers is true, and refuses anything but a boolean", () => {
    expect(parseRuntimeConfig(valid, origin).allowEmailToManagers).toBe(false);
    expect(parseRuntimeConfig({ ...valid, allowEmailToManagers: true }, origin).allowEmailToManagers).toBe(true);
    expect(parseRuntimeConfig({ ...valid, allowEmailToManagers: false }, origin).allowEmailToManagers).toBe(false);
    for (const allowEmailToManagers of ["true", 1, {}]) {
      expect(() => parseRuntimeConfig({ ...valid, allowEmailToManagers }, origin)).toThrow(
        expect.objectContaining({ key: "allowEmailToManagers" }),
      );
    }
  });

  it("asks for a ticket only when requireTicket is true, and refuses anything but a boolean", () => {
    expect(parseRuntimeConfig(valid, origin).requireTicket).toBe(false);
    expect(parseRuntimeConfig({ ...valid, requireTicket: true }, origin).requireTicket).toBe(true);
    expect(parseRuntimeConfig({ ...valid, requireTicket: false }, origin).requireTicket).toBe(false);
    for (const requireTicket of ["true", 1, {}]) {
      expect(badKey({ ...valid, requireTicket })).toBe("requireTicket");
    }
  });

  it("clears idle pass values after 15 minutes unless idleClearMinutes says otherwise", () => {
    expect(parseRuntimeConfig(valid, origin).idleClearMs).toBe(15 * 60_000);
    expect(parseRuntimeConfig({ ...valid, idleClearMinutes: 0.1 }, origin).idleClearMs).toBe(6_000);
  });

  it("refuses an idle clear that is zero, negative, not a number or longer than a working day", () => {
    for (const idleClearMinutes of [0, -1, "5", Number.NaN, 481]) {
      expect(badKey({ ...valid, idleClearMinutes })).toBe("idleClearMinutes");
    }
  });
});

describe("the Graph resource of the tenant's cloud", () => {
  const parse = (graphBaseUrl: string, authority = valid.authority) => parseRuntimeConfig({ ...valid, graphBaseUrl, authority }, origin);

  it("names the global, US Government L4 and DoD Graph as the resource of the scopes", () => {
    expect(parse("https://graph.microsoft.com/v1.0").graphResource).toBe("https://graph.microsoft.com");
    expect(parse("https://graph.microsoft.us/v1.0", "https://login.microsoftonline.us/t").graphResource).toBe("https://graph.microsoft.us");
    expect(parse("https://dod-graph.microsoft.us/v1.0/", "https://login.microsoftonline.us/t").graphResource).toBe(
      "https://dod-graph.microsoft.us",
    );
    expect(parse("https://GRAPH.microsoft.us/v1.0").graphResource).toBe("https://graph.microsoft.us");
  });

  it("names a local emulated Graph by its origin", () => {
    expect(parse("http://localhost:4010/v1.0", "https://localhost:4010/t").graphResource).toBe("http://localhost:4010");
    expect(parse("http://127.0.0.1:4124/v1.0").graphResource).toBe("http://127.0.0.1:4124");
  });

  it("refuses the 21Vianet cloud with the reason, whether named by its Graph or its sign-in host", () => {
    for (const [graph, authority] of [
      ["https://microsoftgraph.chinacloudapi.cn/v1.0", "https://login.partner.microsoftonline.cn/t"],
      ["https://graph.microsoft.com/v1.0", "https://login.partner.microsoftonline.cn/t"],
      ["https://microsoftgraph.chinacloudapi.cn/v1.0", valid.authority],
    ] as const) {
      let caught: unknown = null;
      try {
        parse(graph, authority);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UnsupportedCloudError);
      const error = caught as UnsupportedCloudError;
      expect(error.cloud).toBe("21Vianet cloud (Microsoft Azure operated by 21Vianet)");
      expect(error.message).toContain("does not offer the Temporary Access Pass API");
    }
  });

  it("refuses a host that is no Microsoft Graph, naming the ones it knows", () => {
    expect(badKey({ ...valid, graphBaseUrl: "https://graph.microsoft.co/v1.0" })).toBe("graphBaseUrl");
    expect(() => parse("https://graph.example.com/v1.0")).toThrow(/graph\.microsoft\.us/);
  });
});
