import { useId } from "react";
import { Input, Label, makeStyles, Text, tokens } from "@fluentui/react-components";
import { SearchRegular } from "@fluentui/react-icons";

const useStyles = makeStyles({
  search: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
  },
  box: { width: "min(100%, 360px)" },
  count: { minHeight: "1.5em", color: tokens.colorNeutralForeground2 },
});

interface ResultsSearchBoxProps {
  query: string;
  onQueryChange: (query: string) => void;
  /** "12 of 2,000 rows match", or "" while nothing is typed. */
  countText: string;
}

/**
 * Find in results: the table is virtualised, so the browser's own find sees only the rows in view.
 * The count sits in a polite live region, so screen reader users hear how many rows are left.
 */
export function ResultsSearchBox({ query, onQueryChange, countText }: ResultsSearchBoxProps) {
  const styles = useStyles();
  const inputId = useId();
  return (
    <div className={styles.search}>
      <Label htmlFor={inputId}>Find in results</Label>
      {/* A native search field (Esc clears it); Fluent's SearchBox would add its own chunk to this screen. */}
      <Input
        id={inputId}
        type="search"
        className={styles.box}
        contentBefore={<SearchRegular />}
        placeholder="Name, user name or line number"
        value={query}
        onChange={(_, data) => onQueryChange(data.value)}
      />
      <div aria-live="polite" aria-atomic="true" className={styles.count} data-testid="results-search-count">
        {countText && <Text>{countText}</Text>}
      </div>
    </div>
  );
}
