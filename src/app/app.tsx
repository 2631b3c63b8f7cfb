import { useEffect, useMemo, useRef, useState } from "react";
import { MsalProvider } from "@azure/msal-react";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Button, makeStyles, Spinner, tokens } from "@fluentui/react-components";
import type { RuntimeConfig } from "../config/runtime-config";
import {
  createTokenProvider,
  describeAuthError,
  signIn,
  signOut,
  type AccountInfo,
  type IPublicClientApplication,
} from "../lib/auth/session";
import { createGraphClient } from "../lib/graph/graph-client";
import { GraphClientProvider } from "../lib/graph/graph-client-context";
import { NoticePage } from "../components/notice-page";
import { UnsavedPassesDialog } from "../features/results/unsaved-passes-dialog";
import { passVault } from "../lib/tap/pass-vault";
import { AppHeader } from "./app-header";
import { ErrorBoundary } from "./error-boundary";
import { HomeScreen } from "./home-screen";
import { InterruptedRunNotice } from "./interrupted-run-notice";
import { createQueryClient } from "./query-client";
import { RuntimeSettingsContext } from "./runtime-settings";
import { clearSecrets } from "./secrets";

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
    return (
      <MsalProvider instance={msal}>
        <SignedInApp config={config} msal={msal} account={account} />
      </MsalProvider>
    );
  }
  if (starting) return <SigningIn />;
  if (error) {
    return (
      <NoticePage
        title="Sign-in didn't complete"
        intent="error"
        actions={<Button appearance="primary" onClick={startSignIn}>Try again</Button>}
      >
        {describeAuthError(error)}
      </NoticePage>
    );
  }
  return (
    <NoticePage
      title="You are signed out"
      intent="info"
      actions={<Button appearance="primary" onClick={startSignIn}>Sign in</Button>}
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

function SignedInApp({ config, msal, account }: { config: RuntimeConfig; msal: IPublicClientApplication; account: AccountInfo }) {
  const styles = useStyles();
  const [queryClient] = useState<QueryClient>(createQueryClient);
  const graph = useMemo(
    () => createGraphClient({ baseUrl: config.graphBaseUrl, getAccessToken: createTokenProvider(msal, config.graphResource) }),
    [config.graphBaseUrl, config.graphResource, msal],
  );
  const settings = useMemo(
    () => ({ idleClearMs: config.idleClearMs, requireTicket: config.requireTicket }),
    [config.idleClearMs, config.requireTicket],
  );
  const [confirmingSignOut, setConfirmingSignOut] = useState(false);
  const signOutButton = useRef<HTMLButtonElement>(null);

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

  return (
    <QueryClientProvider client={queryClient}>
      <GraphClientProvider value={graph}>
        <AppHeader
          accountName={account.name ?? account.username}
          accountUsername={account.username}
          onSignOut={requestSignOut}
          signOutRef={signOutButton}
        />
        <main className={styles.main}>
          <ErrorBoundary vault={passVault} inline>
            <RuntimeSettingsContext value={settings}>
              <InterruptedRunNotice storage={window.sessionStorage} />
              <HomeScreen />
            </RuntimeSettingsContext>
          </ErrorBoundary>
        </main>
        <UnsavedPassesDialog
          open={confirmingSignOut}
          title="Sign out without saving the passes?"
          leaveLabel="Clear the passes and sign out"
          onStay={() => setConfirmingSignOut(false)}
          onLeave={finishSignOut}
        />
      </GraphClientProvider>
    </QueryClientProvider>
  );
}
