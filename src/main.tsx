import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { loadRuntimeConfig } from "./config/load-runtime-config";
import { RuntimeConfigError } from "./config/runtime-config";
import { createMsalClient } from "./lib/auth/msal-client";
import { completeSignIn } from "./lib/auth/session";
import { App } from "./app/app";
import { ConfigErrorPage } from "./app/config-error-page";
import { ErrorBoundary } from "./app/error-boundary";
import { Themed } from "./app/themed";
import { UnsavedPassesGuard } from "./app/unsaved-passes-guard";
import { passVault } from "./lib/tap/pass-vault";

// Start-up order: runtime config → MSAL client → finish any sign-in redirect → render.
async function start(): Promise<void> {
  const container = document.getElementById("root");
  if (!container) return;
  const root = createRoot(container);
  const render = (node: ReactNode) =>
    root.render(
      <StrictMode>
        <Themed>
          {/* Outside the boundary: a crash must not take the leave-page question with it. */}
          <UnsavedPassesGuard />
          <ErrorBoundary vault={passVault}>{node}</ErrorBoundary>
        </Themed>
      </StrictMode>,
    );

  let config;
  try {
    config = await loadRuntimeConfig();
  } catch (error) {
    render(<ConfigErrorPage error={error instanceof RuntimeConfigError ? error : new RuntimeConfigError(null, String(error))} />);
    return;
  }

  const msal = await createMsalClient(config);
  let account = null;
  let signInError: unknown = null;
  try {
    account = await completeSignIn(msal);
  } catch (error) {
    signInError = error;
  }
  render(<App config={config} msal={msal} account={account} signInError={signInError} />);
}

void start();
