import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { characterKind, characterTag, passCharacters, readAloud, type CharacterKind } from "./pass-characters";

/*
 * A pass drawn so look-alikes can't be mistaken: a monospace font with a slashed zero where the font
 * has one, and digits bold and underlined (which survives black-and-white print). On screen the
 * characters are inline spans with nothing between them, so a selection copies exactly the value.
 */

const useStyles = makeStyles({
  value: {
    fontFamily: `'Cascadia Mono', Consolas, 'DejaVu Sans Mono', ${tokens.fontFamilyMonospace}`,
    fontVariantNumeric: "slashed-zero",
    fontFeatureSettings: "'zero' 1",
  },
  digit: {
    fontWeight: tokens.fontWeightBold,
    color: tokens.colorBrandForeground1,
    textDecorationLine: "underline",
    textDecorationThickness: "2px",
    textUnderlineOffset: "4px",
  },
  upper: {},
  lower: {},
  symbol: {},
  spelling: { margin: 0, paddingLeft: "2.2em", userSelect: "none" },
  group: { margin: `0 0 ${tokens.spacingVerticalXXS}` },
  groupRange: { color: tokens.colorNeutralForeground3, fontVariantNumeric: "tabular-nums" },
});

/** The value as text, each character styled by its kind; the element's text is exactly the value. */
export function PassText({ value, className, testId }: { value: string; className?: string; testId?: string }) {
  const styles = useStyles();
  return (
    <span className={mergeClasses(styles.value, className)} data-testid={testId}>
      {passCharacters(value).map((char, index) => (
        <span key={index} className={styles[characterKind(char)]}>
          {char}
        </span>
      ))}
    </span>
  );
}

export const PASS_TEXT_LEGEND = "Digits are bold and underlined.";

/**
 * The read-aloud spelling, four characters a group, for a phone call. It is a separate list the
 * listener hears, not the value: it can't be selected, and Copy never takes it.
 */
export function SpokenPass({ value, id }: { value: string; id?: string }) {
  const styles = useStyles();
  return (
    <ol className={styles.spelling} id={id} aria-label="Read-aloud spelling">
      {readAloud(value).map((group) => (
        <li key={group.from} className={styles.group}>
          <span className={styles.groupRange}>
            {group.from === group.to ? `Character ${group.from}` : `Characters ${group.from}–${group.to}`}:
          </span>{" "}
          {group.words.join(" · ")}
        </li>
      ))}
    </ol>
  );
}

/** For print: each character in a box, with a word under it saying what it is ("cap", "low", "digit", "hash"). */
export function PassCells({ value }: { value: string }) {
  return (
    <span className="tap-handout-cells" data-testid="slip-pass">
      {passCharacters(value).map((char, index) => (
        <span key={index} className={`tap-handout-cell tap-handout-${kindClass(characterKind(char))}`}>
          <span className="tap-handout-glyph">{char}</span>
          <span className="tap-handout-tag">{characterTag(char)}</span>
        </span>
      ))}
    </span>
  );
}

const kindClass = (kind: CharacterKind): string => kind;

export const PASS_CELLS_LEGEND = "Digits are bold and underlined. Under each character: cap = capital letter, low = small letter.";
