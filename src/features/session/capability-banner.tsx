import { MessageBar, MessageBarBody, MessageBarTitle, Spinner } from "@fluentui/react-components";
import { describeRoleHint } from "../../lib/directory-roles";
import { describeError } from "../../lib/describe-error";
import { useCapability } from "./use-capability";

/** Says plainly what TAP Desk knows about the signed-in admin's roles. A hint only: it never hides the flow. */
export function CapabilityBanner() {
  const { data, isPending, error } = useCapability();

  if (isPending) return <Spinner size="tiny" label="Checking your admin roles…" />;
  if (error) {
    // Only a cancelled read lands here (the query turns failures into a hint).
    return null;
  }
  const text = describeRoleHint(data);
  return (
    <MessageBar intent={text.intent} layout="multiline" data-testid="capability">
      <MessageBarBody>
        <MessageBarTitle>{text.title}</MessageBarTitle>
        {text.detail}
        {data.readError !== null && data.readError !== undefined && (
          <> Reading your roles from Microsoft Graph failed: {describeError(data.readError)}</>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
