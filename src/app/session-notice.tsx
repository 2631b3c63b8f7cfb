import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import { DismissRegular } from "@fluentui/react-icons";
import type { AccountChange } from "../lib/auth/msal-react";

const useStyles = makeStyles({
  bar: { marginBottom: tokens.spacingVerticalL },
});

export interface SessionNoticeProps {
  change: AccountChange;
  /** True while unexported passes are on screen: the message says they are still there. */
  unsavedPasses: boolean;
  /** True while MSAL runs an interaction: a second one would fail with interaction_in_progress. */
  busy: boolean;
  /** Why "Sign in again" failed, in words an admin can act on. */
  signInError: string | null;
  onSignInAgain: () => void;
  onSignOut: () => void;
  onDismiss: () => void;
}

/**
 * Says what happened to this window's sign-in. A sign-out elsewhere keeps everything on screen until the
 * admin picks: sign in again (a popup, the page stays) or clear the passes and sign out (asked first).
 */
export function SessionNotice({ change, unsavedPasses, busy, signInError, onSignInAgain, onSignOut, onDismiss }: SessionNoticeProps) {
  const styles = useStyles();

  if (change.kind === "signed-out") {
    return (
      <MessageBar intent="warning" layout="multiline" className={styles.bar} data-testid="session-notice">
        <MessageBarBody>
          <MessageBarTitle>
            {change.where === "elsewhere" ? "You were signed out in another window" : "You are signed out in this window"}
          </MessageBarTitle>
          {unsavedPasses
            ? "Your unsaved passes are still here: copy, export or print them. Then sign in again to carry on, or clear them and sign out."
            : "Sign in again to carry on, or sign out."}
          {signInError ? <div role="alert">{signInError}</div> : null}
        </MessageBarBody>
        <MessageBarActions>
          <Button appearance="primary" disabled={busy} onClick={onSignInAgain}>
            Sign in again
          </Button>
          <Button disabled={busy} onClick={onSignOut}>
            {unsavedPasses ? "Clear passes and sign out" : "Sign out"}
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }

  const dismiss = <Button appearance="transparent" aria-label="Dismiss" icon={<DismissRegular />} onClick={onDismiss} />;
  if (change.kind === "account-changed") {
    return (
      <MessageBar intent="info" layout="multiline" className={styles.bar} data-testid="session-notice">
        <MessageBarBody>
          <MessageBarTitle>The signed-in account changed to {change.account.username}</MessageBarTitle>
          This window now works as {change.account.name ?? change.account.username}. Passes already on screen stay as they were issued.
        </MessageBarBody>
        <MessageBarActions containerAction={dismiss} />
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="info" layout="multiline" className={styles.bar} data-testid="session-notice">
      <MessageBarBody>
        <MessageBarTitle>
          {change.sameAccount ? `You signed in again in another window` : `Another window signed in as ${change.username}`}
        </MessageBarTitle>
        {change.sameAccount ? "This window carries on as before." : "This window stays signed in as before."}
      </MessageBarBody>
      <MessageBarActions containerAction={dismiss} />
    </MessageBar>
  );
}
