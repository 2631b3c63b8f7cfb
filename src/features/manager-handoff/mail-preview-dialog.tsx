import { useState } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Switch,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { IssuedPass } from "../../lib/tap/run-types";
import type { ManagerGroup } from "./group-by-manager";
import { managerName } from "./group-by-manager";
import { planManagerMails, type MailPlan, type MessageOptions, type Sender } from "./manager-message";

const useStyles = makeStyles({
  surface: { maxWidth: "min(860px, 96vw)", width: "100%" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, maxHeight: "60vh", overflowY: "auto" },
  message: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalS,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  body: {
    margin: 0,
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground2,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusSmall,
  },
  notSent: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

const MASK = "•••••••• (hidden)";

function notSentReason(plan: Exclude<MailPlan, { kind: "send" }>): string {
  if (plan.kind === "no-mailbox") return "no mailbox in Entra: not e-mailed; hand their passes over another way";
  if (plan.kind === "would-reach-person") return "is one of the people a pass is for: never e-mailed";
  return "no pass to send (none issued, or the values were cleared)";
}

/**
 * Shows each e-mail exactly as it will be sent, pass values hidden until revealed, and who gets none
 * and why. Sending happens only from here.
 */
export function MailPreviewDialog(props: {
  open: boolean;
  groups: readonly ManagerGroup[];
  lookup: (rowId: string) => IssuedPass | undefined;
  options: Omit<MessageOptions, "showValue">;
  sender: Sender | null;
  onSend: (plans: MailPlan[]) => void;
  onCancel: () => void;
  /** People holding a pass whose manager is none or unknown: in no e-mail, so the admin hands them over. */
  withoutManager?: number;
}) {
  const { open, groups, lookup, options, sender, onSend, onCancel, withoutManager = 0 } = props;
  const styles = useStyles();
  const [reveal, setReveal] = useState(false);
  const shown = planManagerMails(groups, lookup, reveal ? options : { ...options, showValue: () => MASK });
  const toSend = shown.filter((plan) => plan.kind === "send");
  const notSent = shown.filter((plan): plan is Exclude<MailPlan, { kind: "send" }> => plan.kind !== "send");
  const send = () => {
    setReveal(false);
    // The real messages are built from the same plan, values unmasked.
    onSend(planManagerMails(groups, lookup, options));
  };
  const cancel = () => {
    setReveal(false);
    onCancel();
  };
  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && cancel()}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>Preview: {toSend.length === 1 ? "1 e-mail" : `${toSend.length} e-mails`} to managers</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>
              Sent from your mailbox{sender ? ` (${sender.userPrincipalName})` : ""}, one plain-text e-mail per manager, with no copy kept
              in your Sent Items. The people themselves are never e-mailed. Microsoft may ask you to allow TAP Desk to send mail as you
              (Mail.Send).
            </Text>
            <Switch label="Show pass values in the preview" checked={reveal} onChange={(_, data) => setReveal(data.checked)} />
            {(notSent.length > 0 || withoutManager > 0) && (
              <section aria-label="Who gets no e-mail">
                <Text weight="semibold">Not e-mailed</Text>
                <ul className={styles.notSent}>
                  {withoutManager > 0 && (
                    <li>
                      {withoutManager === 1 ? "1 person" : `${withoutManager.toLocaleString()} people`} without a known manager: hand{" "}
                      {withoutManager === 1 ? "their pass" : "their passes"} over yourself (listed after the managers)
                    </li>
                  )}
                  {notSent.map((plan) => (
                    <li key={plan.manager.id}>
                      {managerName(plan.manager)}: {notSentReason(plan)}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {toSend.map((plan) =>
              plan.kind === "send" ? (
                <article key={plan.mail.manager.id} className={styles.message} aria-label={`E-mail to ${managerName(plan.mail.manager)}`}>
                  <Text>
                    <strong>To:</strong> {managerName(plan.mail.manager)} &lt;{plan.mail.message.toRecipients[0]?.emailAddress.address}&gt;
                  </Text>
                  <Text>
                    <strong>Subject:</strong> {plan.mail.message.subject}
                  </Text>
                  <pre className={styles.body}>{plan.mail.message.body.content}</pre>
                </article>
              ) : null,
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={toSend.length === 0} onClick={send}>
              Send {toSend.length === 1 ? "1 e-mail" : `${toSend.length} e-mails`}
            </Button>
            <Button appearance="secondary" onClick={cancel}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
