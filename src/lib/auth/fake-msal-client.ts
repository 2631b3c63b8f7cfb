// Test support only (production never imports it): an MSAL client without network that fires the
// events a real one fires, for tests of code that reacts to them. Lives in lib/auth, the one place
// that may name MSAL's types.
import {
  EventType,
  InteractionType,
  type AccountInfo,
  type AuthenticationResult,
  type EventCallbackFunction,
  type EventMessage,
  type EventType as EventTypeValue,
  type IPublicClientApplication,
} from "@azure/msal-browser";
import type { AccountChannel } from "./account-watch";

export function fakeAccount(username: string, name = username): AccountInfo {
  return {
    homeAccountId: `${username}.tenant`,
    localAccountId: username,
    tenantId: "tenant",
    environment: "login.example",
    username,
    name,
  };
}

export interface FakeMsal {
  client: IPublicClientApplication;
  /** Fires an MSAL event to every registered callback, as a real client does. */
  emit(eventType: EventTypeValue, payload?: unknown, interactionType?: InteractionType): void;
  /** Starts / ends a popup token request: what msal-react turns into "interaction in progress". */
  popupStarted(): void;
  popupEnded(): void;
  /** The account the next loginPopup returns, or the error it throws. */
  nextLogin: AccountInfo | Error;
  loginPopups: { loginHint?: string }[];
  logoutRedirects: number;
  callbackCount(): number;
}

export function createFakeMsal(initial: AccountInfo): FakeMsal {
  const callbacks = new Map<string, { callback: EventCallbackFunction; types: readonly string[] }>();
  let active: AccountInfo | null = initial;
  const accounts = new Map<string, AccountInfo>([[initial.homeAccountId, initial]]);
  let ids = 0;

  const emit = (eventType: EventTypeValue, payload?: unknown, interactionType?: InteractionType) => {
    const message = {
      eventType,
      interactionType: interactionType ?? null,
      payload: payload ?? null,
      error: null,
      timestamp: Date.now(),
    } as EventMessage;
    for (const { callback, types } of [...callbacks.values()]) {
      if (types.length === 0 || types.includes(eventType)) callback(message);
    }
  };
  const setActive = (account: AccountInfo | null) => {
    active = account;
    if (account) accounts.set(account.homeAccountId, account);
    emit(EventType.ACTIVE_ACCOUNT_CHANGED);
  };
  const logger = { info: () => undefined, verbose: () => undefined, warning: () => undefined, error: () => undefined };

  const fake: FakeMsal = {
    nextLogin: initial,
    loginPopups: [],
    logoutRedirects: 0,
    emit,
    popupStarted: () => emit(EventType.ACQUIRE_TOKEN_START, null, InteractionType.Popup),
    popupEnded: () => emit(EventType.ACQUIRE_TOKEN_FAILURE, null, InteractionType.Popup),
    callbackCount: () => callbacks.size,
    client: undefined as never,
  };
  const partial: Partial<IPublicClientApplication> = {
    initialize: () => Promise.resolve(),
    initializeWrapperLibrary: () => undefined,
    handleRedirectPromise: () => Promise.resolve(null),
    getLogger: () => ({ ...logger, clone: () => logger }) as never,
    addEventCallback: (callback, types) => {
      const id = `cb-${++ids}`;
      callbacks.set(id, { callback, types: types ?? [] });
      return id;
    },
    removeEventCallback: (id) => {
      callbacks.delete(id);
    },
    getAllAccounts: () => [...accounts.values()],
    getActiveAccount: () => active,
    setActiveAccount: setActive,
    loginPopup: (request) => {
      fake.loginPopups.push({ loginHint: request?.loginHint });
      const next = fake.nextLogin;
      if (next instanceof Error) return Promise.reject(next);
      emit(EventType.LOGIN_SUCCESS, next, InteractionType.Popup);
      return Promise.resolve({ account: next, accessToken: "not-a-real-token" } as AuthenticationResult);
    },
    logoutRedirect: () => {
      fake.logoutRedirects += 1;
      emit(EventType.LOGOUT_START, null, InteractionType.Redirect);
      return new Promise<void>(() => undefined); // the page navigates away
    },
    acquireTokenSilent: () => new Promise<AuthenticationResult>(() => undefined),
  };
  fake.client = partial as IPublicClientApplication;
  return fake;
}

/**
 * Two windows' channels joined like BroadcastChannel objects of one name: each hears the others' messages,
 * never its own.
 */
export type FakeChannel = AccountChannel & { deliver(data: unknown): void; listeners(): number };

export function fakeChannelPair(): [FakeChannel, FakeChannel] {
  const all: FakeChannel[] = [];
  const make = (): FakeChannel => {
    const listeners = new Set<(event: MessageEvent) => void>();
    const channel: FakeChannel = {
      postMessage: (data) => {
        for (const other of all) if (other !== channel) other.deliver(data);
      },
      addEventListener: (_type, listener) => listeners.add(listener),
      removeEventListener: (_type, listener) => listeners.delete(listener),
      close: () => listeners.clear(),
      listeners: () => listeners.size,
      deliver: (data: unknown) => {
        for (const listener of [...listeners]) listener(new MessageEvent("message", { data }));
      },
    };
    all.push(channel);
    return channel;
  };
  return [make(), make()];
}
