import { EventType } from "@azure/msal-browser";
import { describe, expect, it } from "vitest";
import { relayAccountEvents, watchAccountChanges, type AccountChange } from "./account-watch";
import { createFakeMsal, fakeAccount, fakeChannelPair } from "./fake-msal-client";

const admin = fakeAccount("admin@contoso.example", "Ada Admin");
const other = fakeAccount("other@contoso.example", "Olu Other");

/** Two windows of one browser, each with its own MSAL client (a per-tab sessionStorage cache). */
function twoWindows() {
  const [channelA, channelB] = fakeChannelPair();
  const windowA = createFakeMsal(admin);
  const windowB = createFakeMsal(admin);
  const changes: AccountChange[] = [];
  const stopWatching = watchAccountChanges(windowA.client, (change) => changes.push(change), channelA);
  relayAccountEvents(windowA.client, channelA);
  relayAccountEvents(windowB.client, channelB);
  return { windowA, windowB, channelA, changes, stopWatching };
}

describe("watchAccountChanges", () => {
  it("hears another window sign this account out (MSAL's LOGOUT_SUCCESS, relayed)", () => {
    const { windowB, changes } = twoWindows();
    windowB.emit(EventType.LOGOUT_SUCCESS, { account: admin });
    expect(changes).toEqual([{ kind: "signed-out", where: "elsewhere" }]);
  });

  it("ignores another window signing a different account out", () => {
    const { windowB, changes } = twoWindows();
    windowB.emit(EventType.LOGOUT_SUCCESS, { account: other });
    expect(changes).toEqual([]);
  });

  it("hears another window sign in, and whether it is this account", () => {
    const { windowB, changes } = twoWindows();
    windowB.emit(EventType.LOGIN_SUCCESS, other);
    windowB.emit(EventType.LOGIN_SUCCESS, admin);
    expect(changes).toEqual([
      { kind: "signed-in-elsewhere", username: "other@contoso.example", sameAccount: false },
      { kind: "signed-in-elsewhere", username: "admin@contoso.example", sameAccount: true },
    ]);
  });

  it("reports this window's active account changing, or going", () => {
    const { windowA, changes } = twoWindows();
    windowA.client.setActiveAccount(other);
    windowA.client.setActiveAccount(null);
    expect(changes).toEqual([
      { kind: "account-changed", account: other },
      { kind: "signed-out", where: "here" },
    ]);
  });

  it("says nothing while this window signs itself out, nor about its own relayed sign-out", () => {
    const { windowA, changes } = twoWindows();
    void windowA.client.logoutRedirect();
    windowA.emit(EventType.LOGOUT_SUCCESS, { account: admin });
    windowA.client.setActiveAccount(null);
    expect(changes).toEqual([]);
  });

  it("ignores messages of the wrong shape on the channel", () => {
    const { channelA, changes } = twoWindows();
    for (const data of [
      null,
      "signed-out",
      { type: "signed-out" },
      { type: "signed-in", homeAccountId: admin.homeAccountId },
      { type: "x", homeAccountId: "y" },
    ]) {
      channelA.deliver(data);
    }
    expect(changes).toEqual([]);
  });

  it("stops listening when asked", () => {
    const { windowA, windowB, channelA, changes, stopWatching } = twoWindows();
    const before = windowA.callbackCount();
    stopWatching();
    expect(windowA.callbackCount()).toBe(before - 1);
    expect(channelA.listeners()).toBe(0);
    windowB.emit(EventType.LOGOUT_SUCCESS, { account: admin });
    expect(changes).toEqual([]);
  });
});
