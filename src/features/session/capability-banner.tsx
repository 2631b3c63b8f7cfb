import { useQuery } from "@tanstack/react-query";
import { MessageBar, MessageBarBody, MessageBarTitle, Spinner } from "@fluentui/react-components";
import { useGraphClient } from "../../lib/graph/graph-client-context";
import { CAPABILITY_DETAIL, CAPABILITY_SUMMARY } from "../../lib/directory-roles";
import { describeError } from "../../lib/describe-error";
import { capabilityQuery } from "./session-queries";

/** Says plainly what the signed-in admin can do, from their directory roles. */
export function CapabilityBanner() {
  const client = useGraphClient();
  const { data, error, isPending } = useQuery(capabilityQuery(client));

  if (isPending) return <Spinner size="tiny" label="Checking your admin roles…" />;
  if (error) {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>Your admin roles could not be read</MessageBarTitle>
          {describeError(error)} TAP Desk will let Microsoft Graph decide what you may do.
        </MessageBarBody>
      </MessageBar>
    );
  }
  const names = data.roles.map((role) => role.displayName).join(", ");
  return (
    <MessageBar intent={data.capability === "none" ? "error" : "info"} layout="multiline" data-testid="capability">
      <MessageBarBody>
        <MessageBarTitle>{CAPABILITY_SUMMARY[data.capability]}</MessageBarTitle>
        {CAPABILITY_DETAIL[data.capability]}
        {names ? ` Your roles: ${names}.` : " You hold no directory roles."}
      </MessageBarBody>
    </MessageBar>
  );
}
