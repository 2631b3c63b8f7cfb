import type { Ref } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import { SignOutRegular } from "@fluentui/react-icons";
import { InitialsBadge } from "../components/initials-badge";
import { useGraphClient } from "../lib/graph/graph-client-context";
import { meQuery, organizationQuery } from "../features/session/session-queries";

const useStyles = makeStyles({
  header: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
    flexWrap: "wrap",
  },
  brand: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
  tenant: { color: tokens.colorNeutralForeground2 },
  spacer: { flexGrow: 1 },
  who: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  whoText: { display: "flex", flexDirection: "column", lineHeight: tokens.lineHeightBase200 },
  upn: { color: tokens.colorNeutralForeground3 },
});

export interface AppHeaderProps {
  accountName: string;
  accountUsername: string;
  onSignOut: () => void;
  /** While MSAL runs an interaction (a popup, redirect handling), a sign-out would fail with interaction_in_progress. */
  signOutDisabled?: boolean;
  /** Where focus goes back to when the sign-out question closes. */
  signOutRef?: Ref<HTMLButtonElement>;
}

export function AppHeader({ signOutRef, onSignOut, signOutDisabled = false, ...props }: AppHeaderProps) {
  const styles = useStyles();
  const client = useGraphClient();
  const organization = useQuery(organizationQuery(client));
  const me = useQuery(meQuery(client));
  const name = me.data?.displayName ?? props.accountName;
  const upn = me.data?.userPrincipalName ?? props.accountUsername;

  return (
    <header className={styles.header}>
      <Text size={500} className={styles.brand}>
        TAP Desk
      </Text>
      <Text className={styles.tenant} data-testid="tenant-name">
        {organization.data?.displayName ?? (organization.isError ? "Tenant name unavailable" : "…")}
      </Text>
      <span className={styles.spacer} />
      <div className={styles.who}>
        <InitialsBadge name={name} size={32} />
        <div className={styles.whoText}>
          <Text weight="semibold" data-testid="admin-name">
            {name}
          </Text>
          <Text size={200} className={styles.upn}>
            {upn}
          </Text>
        </div>
        <Button icon={<SignOutRegular />} ref={signOutRef} onClick={onSignOut} disabled={signOutDisabled}>
          Sign out
        </Button>
      </div>
    </header>
  );
}
