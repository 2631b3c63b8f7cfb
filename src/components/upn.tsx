import { Fragment } from "react";
import { makeStyles, mergeClasses } from "@fluentui/react-components";
import { upnParts } from "./upn-parts";

const useStyles = makeStyles({
  // Wraps at the <wbr> after @ and dots first; a part wider than its box still breaks, as a last resort.
  upn: { overflowWrap: "break-word", minWidth: 0 },
});

/** A user principal name that wraps at `@` and `.` rather than mid-word (copying it gives the plain name). */
export function Upn({ value, className }: { value: string; className?: string }) {
  const styles = useStyles();
  return (
    <span className={mergeClasses(styles.upn, className)}>
      {upnParts(value).map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
