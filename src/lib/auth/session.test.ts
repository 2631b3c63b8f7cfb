import { InteractionRequiredAuthError, type AccountInfo, type IPublicClientApplication } from "@azure/msal-browser";
import { describe, expect, it } from "vitest";
import { createTokenProvider, signIn } from "./session";

const account = { homeAccountId: "a.t", username: "admin@contoso.example" } as AccountInfo;

interface Calls {
  login: string[][];
  silent: string[][];
  popup: string[][];
}

/** A stand-in MSAL client that records the scopes it is asked for; `consented` decides silent success. */
function fakeClient(consented: ReadonlySet<string>): { client: IPublicClientApplication; calls: Calls } {
  const calls: Calls = { login: [], silent: [], popup: [] };
  const partial: Partial<IPublicClientApplication> = {
    getActiveAccount: () => account,
    loginRedirect: (request) => {
      calls.login.push(request?.scopes ?? []);
      return Promise.resolve();
    },
    acquireTokenSilent: (request) => {
      calls.silent.push(request.scopes);
      if (request.scopes.every((scope) => consented.has(scope))) return Promise.resolve({ accessToken: "silent" } as never);
      return Promise.reject(new InteractionRequiredAuthError("consent_required", ""));
    },
    acquireTokenPopup: (request) => {
      calls.popup.push(request.scopes);
      return Promise.resolve({ accessToken: "popup" } as never);
    },
  };
  return { client: partial as IPublicClientApplication, calls };
}

const usGov = "https://graph.microsoft.us";
const signInSet = [
  `${usGov}/UserAuthMethod-TAP.ReadWrite.All`,
  `${usGov}/User.Read.All`,
  `${usGov}/User.Read`,
  `${usGov}/People.Read`,
  `${usGov}/Policy.Read.AuthenticationMethod`,
];

describe("scopes asked for at sign-in and per call", () => {
  it("signs in with the least-privileged set, named for the tenant's Graph, and never the broad permissions", async () => {
    const { client, calls } = fakeClient(new Set());
    await signIn(client, usGov);
    expect(calls.login).toEqual([signInSet]);
    const asked = calls.login.flat().join(" ");
    expect(asked).not.toContain("UserAuthenticationMethod.ReadWrite.All");
    expect(asked).not.toContain("Policy.Read.All");
    expect(asked).not.toContain("graph.microsoft.com");
  });

  it("gets ordinary tokens silently for the sign-in set", async () => {
    const { client, calls } = fakeClient(new Set(signInSet));
    await expect(createTokenProvider(client, usGov)()).resolves.toBe("silent");
    expect(calls.silent).toEqual([signInSet]);
    expect(calls.popup).toEqual([]);
  });

  it("asks for an extra permission only on the call that needs it, through one shared consent popup", async () => {
    const { client, calls } = fakeClient(new Set(signInSet));
    const getToken = createTokenProvider(client, usGov);
    const tokens = await Promise.all([getToken({ extraPermissions: ["Mail.Send"] }), getToken({ extraPermissions: ["Mail.Send"] })]);
    expect(tokens).toEqual(["popup", "popup"]);
    expect(calls.popup).toEqual([[...signInSet, `${usGov}/Mail.Send`]]);
    await expect(getToken()).resolves.toBe("silent");
    expect(calls.silent.at(-1)).toEqual(signInSet);
  });
});
