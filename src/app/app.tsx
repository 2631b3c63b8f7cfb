import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Button, makeStyles, Spinner, tokens } from "@fluentui/react-components";
import type { RuntimeConfig } from "../config/runtime-config";
import {
  createTokenProvider,
  describeAuthError,
  signIn,
  signInAgain,
  signOut,
  type AccountInfo,
  type IPublicClientApplication,
} from "../lib/auth/session";
import {
  AuthProvider,
  useAccountChanges,
  useInteractionInProgress,
  useSignedInAccount,
  type AccountChange,
  type AccountChannel,
} from "../lib/auth/msal-react";
import { createGraphClient } from "../lib/graph/graph-client";
import { GraphClientProvider } from "../lib/graph/graph-client-context";
import { NoticePage } from "../components/notice-page";
import { onDemand } from "../components/on-demand";
import { passVault } from "../lib/tap/pass-vault";
import { AppHeader } from "./app-header";
import { ErrorBoundary } from "./error-boundary";
import { HomeScreen } from "./home-screen";
import { RUN_JOURNAL_KEY } from "../features/run-journal/run-journal";
import { createQueryClient } from "./query-client";
import { RuntimeSettingsContext } from "./runtime-settings";
import { clearSecrets } from "./secrets";

// The sign-out question is needed only once passes exist: its dialog (and Fluent's focus trap) load then,
// not on the first screen.
const loadUnsavedPassesDialog = () => import("../features/results/unsaved-passes-dialog").then((module) => module.UnsavedPassesDialog);
// Shown only now and then (another window signed out; a run was interrupted by a reload): loaded then.
const SessionNotice = onDemand(() => import("./session-notice").then((module) => module.SessionNotice), "Loading…", "tiny");
const InterruptedRunNotice = onDemand(
  () => import("./interrupted-run-notice").then((module) => module.InterruptedRunNotice),
  "Loading…",
  "tiny",
);
const UnsavedPassesDialog = onDemand(loadUnsavedPassesDialog, "Loading…", "tiny");

const useStyles = makeStyles({
  main: { padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXL}`, maxWidth: "1280px", margin: "0 auto" },
  centered: { display: "flex", justifyContent: "center", paddingTop: "20vh" },
});

interface AppProps {
  config: RuntimeConfig;
  msal: IPublicClientApplication;
  account: AccountInfo | null;
  signInError: unknown;
}

export function App({ config, msal, account, signInError }: AppProps) {
  const signedOut = new URLSearchParams(window.location.search).has("signed-out");
  const [starting, setStarting] = useState(!account && !signInError && !signedOut);
  const [error, setError] = useState<unknown>(signInError);

  // First visit with no session: go straight to Microsoft sign-in (the demo lands signed in).
  useEffect(() => {
    if (!starting) return;
    signIn(msal, config.graphResource).catch((reason: unknown) => {
      setError(reason);
      setStarting(false);
    });
  }, [msal, starting, config.graphResource]);

  const startSignIn = () => {
    setError(null);
    setStarting(true);
  };

  if (account) {
    return <SignedInApp config={config} msal={msal} account={account} />;
  }
  if (starting) return <SigningIn />;
  if (error) {
    return (
      <NoticePage
        title="Sign-in didn't complete"
        intent="error"
        actions={
          <Button appearance="primary" onClick={startSignIn}>
            Try again
          </Button>
        }
      >
        {describeAuthError(error)}
      </NoticePage>
    );
  }
  return (
    <NoticePage
      title="You are signed out"
      intent="info"
      actions={
        <Button appearance="primary" onClick={startSignIn}>
          Sign in
        </Button>
      }
    >
      Sign in with your Entra admin account to issue Temporary Access Passes.
    </NoticePage>
  );
}

function SigningIn() {
  const styles = useStyles();
  return (
    <div className={styles.centered}>
      <Spinner label="Signing you in…" />
    </div>
  );
}

interface SignedInAppProps {
  config: RuntimeConfig;
  msal: IPublicClientApplication;
  /** The account this window signed in with; shown while MSAL has no active account. */
  account: AccountInfo;
  /** Tests pass a fake; the app uses the window's own channel. */
  accountChannel?: AccountChannel | null;
}

/** The signed-in app under msal-react's provider, whose hooks give the account and interaction state. */
export function SignedInApp(props: SignedInAppProps) {
  return (
    <AuthProvider client={props.msal}>
      <SignedInContent {...props} />
    </AuthProvider>
  );
}

function SignedInContent({ config, msal, account: signedInWith, accountChannel }: SignedInAppProps) {
  const styles = useStyles();
  const [queryClient] = useState<QueryClient>(createQueryClient);
  const graph = useMemo(
    () => createGraphClient({ baseUrl: config.graphBaseUrl, getAccessToken: createTokenProvider(msal, config.graphResource) }),
    [config.graphBaseUrl, config.graphResource, msal],
  );
  const settings = useMemo(
    () => ({ idleClearMs: config.idleClearMs, requireTicket: config.requireTicket, allowEmailToManagers: config.allowEmailToManagers }),
    [config.idleClearMs, config.requireTicket, config.allowEmailToManagers],
  );
  const [confirmingSignOut, setConfirmingSignOut] = useState(false);
  const signOutButton = useRef<HTMLButtonElement>(null);
  const account = useSignedInAccount() ?? signedInWith;
  const busy = useInteractionInProgress();
  const unsavedPasses = useSyncExternalStore(passVault.subscribe, () => passVault.hasUnsavedValues);
  const [change, setChange] = useState<AccountChange | null>(null);
  // A journal left by a reload mid-run is there at start or never: the banner is needed only then.
  const [hadInterruptedRun] = useState(() => window.sessionStorage.getItem(RUN_JOURNAL_KEY) !== null);
  // Fetched as soon as there is something to ask about, so the question never waits on the network.
  useEffect(() => {
    if (unsavedPasses) void loadUnsavedPassesDialog().catch(() => undefined);
  }, [unsavedPasses]);
  const [signInAgainError, setSignInAgainError] = useState<string | null>(null);

  // Nothing here clears the vault: passes stay on screen until the admin picks an action.
  const onAccountChange = useCallback(
    (next: AccountChange) => {
      // Another admin: what was read for the last one (name, roles) must not stand in while re-read.
      if (next.kind === "account-changed") void queryClient.resetQueries();
      setChange((shown) => {
        // Another window's sign-in never hides the choice a sign-out asked for, unless it is this
        // account signing in again (Entra's session is back).
        if (shown?.kind === "signed-out" && next.kind === "signed-in-elsewhere" && !next.sameAccount) return shown;
        // A new window signing in as this same account is not news.
        if (next.kind === "signed-in-elsewhere" && next.sameAccount && shown?.kind !== "signed-out") return shown;
        return next;
      });
      setSignInAgainError(null);
    },
    [queryClient],
  );
  useAccountChanges(onAccountChange, accountChannel);

  const finishSignOut = () => {
    // Focus leaves the dialog before it unmounts (fluentui#35139 leaves aria-hidden on #root otherwise).
    if (confirmingSignOut) signOutButton.current?.focus();
    setConfirmingSignOut(false);
    clearSecrets();
    queryClient.clear();
    void signOut(msal);
  };
  // Passes nobody saved get the same question as Done and a reload (the reload guard is in main.tsx).
  const requestSignOut = () => {
    if (passVault.hasUnsavedValues) setConfirmingSignOut(true);
    else finishSignOut();
  };
  const requestSignInAgain = () => {
    setSignInAgainError(null);
    const before = account.homeAccountId;
    signInAgain(msal, config.graphResource, account.username).then(
      // Another account is reported by the account-changed event; the same one needs no word.
      (now) => {
        if (now.homeAccountId === before) setChange(null);
      },
      (reason: unknown) => setSignInAgainError(describeAuthError(reason)),
    );
  };

  return (
    <QueryClientProvider client={queryClient}>
      <GraphClientProvider value={graph}>
        <AppHeader
          accountName={account.name ?? account.username}
          accountUsername={account.username}
          onSignOut={requestSignOut}
          signOutDisabled={busy}
          signOutRef={signOutButton}
        />
        <main className={styles.main}>
          {change ? (
            <SessionNotice
              change={change}
              unsavedPasses={unsavedPasses}
              busy={busy}
              signInError={signInAgainError}
              onSignInAgain={requestSignInAgain}
              onSignOut={requestSignOut}
              onDismiss={() => setChange(null)}
            />
          ) : null}
          <ErrorBoundary vault={passVault} inline>
            <RuntimeSettingsContext value={settings}>
              {hadInterruptedRun && <InterruptedRunNotice storage={window.sessionStorage} />}
              <HomeScreen />
            </RuntimeSettingsContext>
          </ErrorBoundary>
        </main>
        {confirmingSignOut && (
          <UnsavedPassesDialog
            open
            title="Sign out without saving the passes?"
            leaveLabel="Clear the passes and sign out"
            onStay={() => setConfirmingSignOut(false)}
            onLeave={finishSignOut}
          />
        )}
      </GraphClientProvider>
    </QueryClientProvider>
  );
}
