import { useEffect, useMemo, useState } from "react";
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
import { useUnsavedPassesGuard } from "../features/results/use-unsaved-passes-guard";
import { InterruptedRunBanner } from "../features/run-journal/interrupted-run-banner";
import { passVault } from "../lib/tap/pass-vault";
import { AppHeader } from "./app-header";
import { HomeScreen } from "./home-screen";
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
  const settings = useMemo(() => ({ idleClearMs: config.idleClearMs }), [config.idleClearMs]);
  // Here rather than in the results view: values are already in memory while a run is still going.
  useUnsavedPassesGuard(passVault);

  const handleSignOut = () => {
    clearSecrets();
    queryClient.clear();
    void signOut(msal);
  };

  return (
    <QueryClientProvider client={queryClient}>
      <GraphClientProvider value={graph}>
        <AppHeader accountName={account.name ?? account.username} accountUsername={account.username} onSignOut={handleSignOut} />
        <main className={styles.main}>
          <RuntimeSettingsContext value={settings}>
            <InterruptedRunBanner storage={window.sessionStorage} />
            <HomeScreen />
          </RuntimeSettingsContext>
        </main>
      </GraphClientProvider>
    </QueryClientProvider>
  );
}
