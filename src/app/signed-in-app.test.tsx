// @vitest-environment jsdom
import { useEffect, useSyncExternalStore } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import type { RuntimeConfig } from "../config/runtime-config";
import { createFakeMsal, fakeAccount, fakeChannelPair, type FakeChannel, type FakeMsal } from "../lib/auth/fake-msal-client";
import { passVault } from "../lib/tap/pass-vault";
import { samplePass } from "../test/sample-pass";
import { SignedInApp } from "./app";

const screenMounts = { mounts: 0, unmounts: 0 };

// The results screen stands in for every screen: it shows what the vault holds and counts its mounts.
vi.mock("./home-screen", () => ({
  HomeScreen: function HomeScreen() {
    useSyncExternalStore(passVault.subscribe, passVault.getVersion);
    useEffect(() => {
      screenMounts.mounts += 1;
      return () => {
        screenMounts.unmounts += 1;
      };
    }, []);
    return (
      <ul aria-label="passes">
        {passVault.all().map((pass) => (
          <li key={pass.rowId}>{`${pass.userPrincipalName} ${pass.value}`}</li>
        ))}
      </ul>
    );
  },
}));
// No network: the header's Graph reads never answer.
vi.mock("../lib/graph/graph-client", () => ({
  createGraphClient: () => ({ request: () => new Promise(() => undefined), batch: () => new Promise(() => undefined) }),
}));

const admin = fakeAccount("admin@contoso.example", "Ada Admin");
const other = fakeAccount("other@contoso.example", "Olu Other");
const config = { graphBaseUrl: "https://graph.example/v1.0", graphResource: "https://graph.example", idleClearMs: 60_000 } as RuntimeConfig;

let msal: FakeMsal;
let thisWindow: FakeChannel;
let otherWindow: FakeChannel;

beforeEach(() => {
  screenMounts.mounts = 0;
  screenMounts.unmounts = 0;
  passVault.put(samplePass({ rowId: "a", value: "Pass-A-1234" }));
  msal = createFakeMsal(admin);
  [thisWindow, otherWindow] = fakeChannelPair();
});
afterEach(() => passVault.clear());

async function renderApp() {
  render(
    <FluentProvider theme={webLightTheme}>
      <SignedInApp config={config} msal={msal.client} account={admin} accountChannel={thisWindow} />
    </FluentProvider>,
  );
  // msal-react leaves "startup" once the redirect promise settles; until then Sign out waits.
  await waitFor(() => expect(signOutButton().hasAttribute("disabled")).toBe(false));
}

const signOutButton = () => screen.getByRole("button", { name: "Sign out" });
// The notice loads on demand (its own chunk), so it is awaited.
const notice = () => screen.findByTestId("session-notice");
const passOnScreen = () => screen.getByText("a@contoso.example Pass-A-1234");

function expectPassesKept() {
  expect(passOnScreen()).toBeTruthy();
  expect(passVault.hasUnsavedValues).toBe(true);
  expect(screenMounts.unmounts).toBe(0);
  expect(msal.logoutRedirects).toBe(0);
}

describe("SignedInApp when the sign-in changes under it", () => {
  it("says another window signed out and keeps the unsaved passes on screen", async () => {
    await renderApp();
    act(() => otherWindow.postMessage({ type: "signed-out", homeAccountId: admin.homeAccountId }));
    expect(within(await notice()).getByText("You were signed out in another window")).toBeTruthy();
    expect(within(await notice()).getByText(/Your unsaved passes are still here/)).toBeTruthy();
    expectPassesKept();
  });

  it("asks the unsaved-passes question before 'Clear passes and sign out', and keeps them on Go back", async () => {
    await renderApp();
    act(() => otherWindow.postMessage({ type: "signed-out", homeAccountId: admin.homeAccountId }));
    fireEvent.click(within(await notice()).getByRole("button", { name: "Clear passes and sign out" }));
    const question = await screen.findByRole("dialog", { name: "Sign out without saving the passes?" });
    fireEvent.click(within(question).getByRole("button", { name: "Go back" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expectPassesKept();

    fireEvent.click(within(await notice()).getByRole("button", { name: "Clear passes and sign out" }));
    fireEvent.click(await screen.findByRole("button", { name: "Clear the passes and sign out" }));
    expect(msal.logoutRedirects).toBe(1);
    expect(passVault.size).toBe(0);
  });

  it("signs in again in a popup as the same account: the message goes, the passes stay", async () => {
    await renderApp();
    act(() => otherWindow.postMessage({ type: "signed-out", homeAccountId: admin.homeAccountId }));
    fireEvent.click(within(await notice()).getByRole("button", { name: "Sign in again" }));
    await waitFor(() => expect(screen.queryByTestId("session-notice")).toBeNull());
    expect(msal.loginPopups).toEqual([{ loginHint: "admin@contoso.example" }]);
    expectPassesKept();
  });

  it("says why signing in again failed, and still offers both choices", async () => {
    await renderApp();
    act(() => otherWindow.postMessage({ type: "signed-out", homeAccountId: admin.homeAccountId }));
    msal.nextLogin = Object.assign(new Error("blocked"), { errorCode: "popup_window_error" });
    fireEvent.click(within(await notice()).getByRole("button", { name: "Sign in again" }));
    expect(await within(await notice()).findByRole("alert")).toHaveProperty(
      "textContent",
      "The sign-in window was blocked. Allow pop-ups for this site and try again.",
    );
    expect(within(await notice()).getByRole("button", { name: "Sign in again" })).toBeTruthy();
    expectPassesKept();
  });

  it("says the account changed when this window now works as someone else, and shows who", async () => {
    await renderApp();
    act(() => otherWindow.postMessage({ type: "signed-out", homeAccountId: admin.homeAccountId }));
    msal.nextLogin = other;
    fireEvent.click(within(await notice()).getByRole("button", { name: "Sign in again" }));
    expect(await within(await notice()).findByText("The signed-in account changed to other@contoso.example")).toBeTruthy();
    expect(screen.getByTestId("admin-name").textContent).toBe("Olu Other");
    expectPassesKept();
  });

  it("says so when this window's own cache loses its account, and keeps the passes", async () => {
    await renderApp();
    act(() => msal.client.setActiveAccount(null));
    expect(within(await notice()).getByText("You are signed out in this window")).toBeTruthy();
    expectPassesKept();
  });

  it("tells of another account signing in elsewhere without hiding a sign-out's choice", async () => {
    await renderApp();
    act(() => otherWindow.postMessage({ type: "signed-in", homeAccountId: other.homeAccountId, username: other.username }));
    expect(within(await notice()).getByText("Another window signed in as other@contoso.example")).toBeTruthy();
    act(() => otherWindow.postMessage({ type: "signed-out", homeAccountId: admin.homeAccountId }));
    act(() => otherWindow.postMessage({ type: "signed-in", homeAccountId: other.homeAccountId, username: other.username }));
    expect(within(await notice()).getByText("You were signed out in another window")).toBeTruthy();
    expectPassesKept();
  });

  it("says nothing when a new window signs in as this account, unless this one was told it was signed out", async () => {
    await renderApp();
    const sameAccountSignedIn = { type: "signed-in", homeAccountId: admin.homeAccountId, username: admin.username };
    act(() => otherWindow.postMessage(sameAccountSignedIn));
    // Neither the notice nor its loading placeholder (it loads on demand) is on screen.
    expect(screen.queryByTestId("session-notice")).toBeNull();
    expect(screen.queryByText("Loading…")).toBeNull();
    act(() => otherWindow.postMessage({ type: "signed-out", homeAccountId: admin.homeAccountId }));
    act(() => otherWindow.postMessage(sameAccountSignedIn));
    expect(within(await notice()).getByText("You signed in again in another window")).toBeTruthy();
    expectPassesKept();
  });

  it("waits while MSAL runs an interaction instead of starting a second one", async () => {
    await renderApp();
    act(() => otherWindow.postMessage({ type: "signed-out", homeAccountId: admin.homeAccountId }));
    act(() => msal.popupStarted());
    expect(signOutButton().hasAttribute("disabled")).toBe(true);
    expect(
      within(await notice())
        .getByRole("button", { name: "Sign in again" })
        .hasAttribute("disabled"),
    ).toBe(true);
    act(() => msal.popupEnded());
    expect(signOutButton().hasAttribute("disabled")).toBe(false);
    expect(
      within(await notice())
        .getByRole("button", { name: "Sign in again" })
        .hasAttribute("disabled"),
    ).toBe(false);
  });
});
