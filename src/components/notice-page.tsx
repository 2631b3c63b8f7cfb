import type { ReactNode } from "react";
import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  page: {
    maxWidth: "640px",
    margin: "0 auto",
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalL}`,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
  },
  brand: { fontWeight: tokens.fontWeightSemibold },
});

/** A full-page message used before the app can run: bad config, sign-in failure, crash. */
export function NoticePage(props: { title: string; intent: "error" | "warning" | "info"; children: ReactNode; actions?: ReactNode }) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <Text as="h1" size={600} className={styles.brand}>
        TAP Desk
      </Text>
      <MessageBar intent={props.intent} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{props.title}</MessageBarTitle>
          {props.children}
        </MessageBarBody>
      </MessageBar>
      {props.actions}
    </main>
  );
}
