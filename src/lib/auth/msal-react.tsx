import { useEffect, useMemo, useReducer, useRef, type ReactNode } from "react";
import { EventType, InteractionStatus, type AccountInfo, type IPublicClientApplication } from "@azure/msal-browser";
import { MsalProvider, useMsal } from "@azure/msal-react";
import { watchAccountChanges, type AccountChange, type AccountChannel } from "./account-watch";

export type { AccountChannel };

export type { AccountChange };

/** msal-react's provider: the hooks below read accounts and interaction state from it. */
export function AuthProvider({ client, children }: { client: IPublicClientApplication; children: ReactNode }) {
  return <MsalProvider instance={client}>{children}</MsalProvider>;
}

/**
 * The account this window acts as: MSAL's active account, re-read when msal-react's account list
 * changes and when the active account changes (an event msal-react does not turn into state).
 */
export function useSignedInAccount(): AccountInfo | null {
  const { instance, accounts } = useMsal();
  const [activeChanges, activeChanged] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    const id = instance.addEventCallback(activeChanged, [EventType.ACTIVE_ACCOUNT_CHANGED]);
    return () => {
      if (id) instance.removeEventCallback(id);
    };
  }, [instance]);
  // `accounts` and `activeChanges` are the signals; the value is MSAL's.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => instance.getActiveAccount(), [instance, accounts, activeChanges]);
}

/**
 * True while MSAL runs an interaction (start-up, redirect handling, a popup, sign-out): starting
 * another one then fails with interaction_in_progress, so callers wait.
 */
export function useInteractionInProgress(): boolean {
  return useMsal().inProgress !== InteractionStatus.None;
}

/**
 * Calls `onChange` when this window's sign-in changes under it (see AccountChange). `channel` is for
 * tests; the app uses the window's own.
 */
export function useAccountChanges(onChange: (change: AccountChange) => void, channel?: AccountChannel | null): void {
  const { instance } = useMsal();
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => watchAccountChanges(instance, (change) => latest.current(change), channel), [instance, channel]);
}
