import { EventType, type AccountInfo, type EventMessage, type IPublicClientApplication } from "@azure/msal-browser";
import { isRecord } from "../is-record";

/**
 * What this window learns about its sign-in while it runs.
 * - `signed-out` `elsewhere`: another window of this browser signed this account out of Entra.
 * - `signed-out` `here`: this window's MSAL cache lost its account without this window signing out.
 * - `account-changed`: this window's active account is now another one (e.g. "Sign in again" as someone else).
 * - `signed-in-elsewhere`: another window signed in (as this account again, or as another one).
 */
export type AccountChange =
  | { kind: "signed-out"; where: "elsewhere" | "here" }
  | { kind: "account-changed"; account: AccountInfo }
  | { kind: "signed-in-elsewhere"; username: string; sameAccount: boolean };

/** The part of a BroadcastChannel the watcher uses; tests pass a fake. */
export interface AccountChannel {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  close(): void;
}

/**
 * Our own same-origin channel. MSAL 5 relays LOGIN_SUCCESS / LOGOUT_SUCCESS to other tabs only when its
 * cache is in localStorage; ours is in sessionStorage (per tab), so other tabs would never hear of a
 * sign-out. This channel carries only the account's id and username, in memory, never a token.
 */
export const ACCOUNT_CHANNEL_NAME = "tap-desk.account";

let windowChannel: AccountChannel | null | undefined;

/**
 * One channel object per window, shared by the relay and the watcher: a BroadcastChannel never hears
 * its own messages, so this window's own sign-in is not reported back to it as "another window".
 */
export function accountChannel(): AccountChannel | null {
  if (windowChannel === undefined) {
    windowChannel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(ACCOUNT_CHANNEL_NAME);
  }
  return windowChannel;
}

type Relayed = { type: "signed-out"; homeAccountId: string } | { type: "signed-in"; homeAccountId: string; username: string };

/** Messages come from any page of this origin: checked, never cast. */
function readRelayed(data: unknown): Relayed | null {
  if (!isRecord(data) || typeof data.homeAccountId !== "string") return null;
  if (data.type === "signed-out") return { type: "signed-out", homeAccountId: data.homeAccountId };
  if (data.type === "signed-in" && typeof data.username === "string") {
    return { type: "signed-in", homeAccountId: data.homeAccountId, username: data.username };
  }
  return null;
}

/** LOGIN_SUCCESS carries the account; LOGOUT_SUCCESS carries the logout request, whose `account` may be set. */
function accountOf(payload: unknown): { homeAccountId: string; username: string } | null {
  const candidate = isRecord(payload) && isRecord(payload.account) ? payload.account : payload;
  if (!isRecord(candidate) || typeof candidate.homeAccountId !== "string") return null;
  return { homeAccountId: candidate.homeAccountId, username: typeof candidate.username === "string" ? candidate.username : "" };
}

/**
 * Tells `onChange` when this window's sign-in changes under it, from MSAL's events in this window and
 * from the sign-ins and sign-outs other windows relay. Returns the function that stops watching.
 */
export function watchAccountChanges(
  client: IPublicClientApplication,
  onChange: (change: AccountChange) => void,
  channel: AccountChannel | null = accountChannel(),
): () => void {
  let current = client.getActiveAccount()?.homeAccountId ?? null;
  // This window's own sign-out navigates away; its cache clearing is not news to report.
  let signingOutHere = false;

  const onMsalEvent = (message: EventMessage) => {
    switch (message.eventType) {
      case EventType.LOGOUT_START:
        signingOutHere = true;
        return;
      case EventType.ACTIVE_ACCOUNT_CHANGED: {
        if (signingOutHere) return;
        const active = client.getActiveAccount();
        if (!active) {
          if (current !== null) onChange({ kind: "signed-out", where: "here" });
          current = null;
        } else if (active.homeAccountId !== current) {
          current = active.homeAccountId;
          onChange({ kind: "account-changed", account: active });
        }
        return;
      }
      default:
        return;
    }
  };
  const callbackId = client.addEventCallback(onMsalEvent, [EventType.LOGOUT_START, EventType.ACTIVE_ACCOUNT_CHANGED]);

  const onRelayed = (event: MessageEvent) => {
    const relayed = readRelayed(event.data);
    if (!relayed || signingOutHere) return;
    if (relayed.type === "signed-out") {
      if (relayed.homeAccountId === current) onChange({ kind: "signed-out", where: "elsewhere" });
    } else {
      onChange({ kind: "signed-in-elsewhere", username: relayed.username, sameAccount: relayed.homeAccountId === current });
    }
  };
  channel?.addEventListener("message", onRelayed);

  return () => {
    if (callbackId) client.removeEventCallback(callbackId);
    channel?.removeEventListener("message", onRelayed);
  };
}

/**
 * Tells other windows of this browser when this one signs in or out (MSAL's LOGIN_SUCCESS and
 * LOGOUT_SUCCESS). Installed once, before the sign-in redirect is handled, so a new window's
 * sign-in is heard too. Returns the function that stops relaying.
 */
export function relayAccountEvents(client: IPublicClientApplication, channel: AccountChannel | null = accountChannel()): () => void {
  const callbackId = client.addEventCallback(
    (message: EventMessage) => {
      if (message.eventType === EventType.LOGOUT_SUCCESS) {
        const homeAccountId = accountOf(message.payload)?.homeAccountId ?? client.getActiveAccount()?.homeAccountId;
        if (homeAccountId) channel?.postMessage({ type: "signed-out", homeAccountId } satisfies Relayed);
      } else if (message.eventType === EventType.LOGIN_SUCCESS) {
        const account = accountOf(message.payload);
        if (account) channel?.postMessage({ type: "signed-in", ...account } satisfies Relayed);
      }
    },
    [EventType.LOGOUT_SUCCESS, EventType.LOGIN_SUCCESS],
  );
  return () => {
    if (callbackId) client.removeEventCallback(callbackId);
  };
}
