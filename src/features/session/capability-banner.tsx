import { useState } from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, makeStyles } from "@fluentui/react-components";
import { describeRoleHint } from "../../lib/directory-roles";
import { describeError } from "../../lib/describe-error";
import { useCapability } from "./use-capability";

const useStyles = makeStyles({
  // One line however narrow the screen: the title is cut with an ellipsis, the expand control stays.
  oneLine: { minWidth: 0, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
});

export interface CapabilityBannerProps {
  /** After the first screen the banner shrinks to its title on one line, with a control to read it whole. */
  compact?: boolean;
}

/** Says plainly what TAP Desk knows about the signed-in admin's roles. A hint only: it never hides the flow. */
export function CapabilityBanner({ compact = false }: CapabilityBannerProps) {
  const styles = useStyles();
  const { data, isPending, error } = useCapability();
  const [expanded, setExpanded] = useState(false);

  if (isPending) return <Spinner size="tiny" label="Checking your admin roles…" />;
  if (error) {
    // Only a cancelled read lands here (the query turns failures into a hint).
    return null;
  }
  const text = describeRoleHint(data);
  if (compact && !expanded) {
    return (
      <MessageBar intent={text.intent} layout="singleline" data-testid="capability">
        <MessageBarBody className={styles.oneLine}>
          <MessageBarTitle>{text.title}</MessageBarTitle>
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" aria-expanded={false} aria-label={`Show details: ${text.title}`} onClick={() => setExpanded(true)}>
            Details
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent={text.intent} layout="multiline" data-testid="capability">
      <MessageBarBody>
        <MessageBarTitle>{text.title}</MessageBarTitle>
        {text.detail}
        {data.readError !== null && data.readError !== undefined && (
          <> Reading your roles from Microsoft Graph failed: {describeError(data.readError)}</>
        )}
      </MessageBarBody>
      {compact && (
        <MessageBarActions>
          <Button size="small" aria-expanded aria-label={`Hide details: ${text.title}`} onClick={() => setExpanded(false)}>
            Hide details
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
