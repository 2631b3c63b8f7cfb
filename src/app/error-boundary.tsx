import { Component, type ErrorInfo, type ReactNode } from "react";
import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import { NoticePage } from "../components/notice-page";
import { VaultRescue } from "../features/results/vault-rescue";
import type { PassVault } from "../lib/tap/pass-vault";

interface Props {
  children: ReactNode;
  /** The passes to keep reachable after a crash (Copy / Export / Print). */
  vault: PassVault;
  /** Inside the signed-in shell: a section under the header instead of a full page. */
  inline?: boolean;
}

interface State {
  error: Error | null;
}

const useStyles = makeStyles({
  inline: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
});

/**
 * Last line of defence: a readable message instead of a blank page, and the passes still in memory
 * can be copied, exported or printed from here. The leave-page guard lives outside this boundary.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(_error: Error, _info: ErrorInfo): void {
    // Deliberately not logged: component state may hold pass values.
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return <CrashView error={this.state.error} vault={this.props.vault} inline={this.props.inline ?? false} />;
  }
}

function CrashView({ error, vault, inline }: { error: Error; vault: PassVault; inline: boolean }) {
  const styles = useStyles();
  const reload = (
    <Button appearance={vault.size > 0 ? "secondary" : "primary"} onClick={() => window.location.reload()}>
      Reload TAP Desk
    </Button>
  );
  const text = (
    <>
      TAP Desk hit an unexpected problem and stopped this screen: {error.message}. Reloading starts again; passes already issued are not
      shown again, so save them below first.
    </>
  );
  if (!inline) {
    return (
      <NoticePage
        title="Something went wrong"
        intent="error"
        actions={
          <>
            <VaultRescue vault={vault} />
            <div>{reload}</div>
          </>
        }
      >
        {text}
      </NoticePage>
    );
  }
  return (
    <section className={styles.inline} aria-label="Something went wrong">
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Something went wrong</MessageBarTitle>
          {text}
        </MessageBarBody>
      </MessageBar>
      <VaultRescue vault={vault} />
      <div>{reload}</div>
    </section>
  );
}
