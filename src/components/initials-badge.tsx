import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { colorIndexOf, initialsOf } from "./initials";

// Fluent's palette pairs (tinted background + readable foreground), in light and dark themes alike.
const PALETTE = [
  [tokens.colorPaletteCranberryBackground2, tokens.colorPaletteCranberryForeground2],
  [tokens.colorPalettePumpkinBackground2, tokens.colorPalettePumpkinForeground2],
  [tokens.colorPaletteMarigoldBackground2, tokens.colorPaletteMarigoldForeground2],
  [tokens.colorPaletteForestBackground2, tokens.colorPaletteForestForeground2],
  [tokens.colorPaletteTealBackground2, tokens.colorPaletteTealForeground2],
  [tokens.colorPaletteRoyalBlueBackground2, tokens.colorPaletteRoyalBlueForeground2],
  [tokens.colorPaletteLavenderBackground2, tokens.colorPaletteLavenderForeground2],
  [tokens.colorPalettePlumBackground2, tokens.colorPalettePlumForeground2],
] as const;

const useStyles = makeStyles({
  badge: {
    display: "inline-flex",
    flexShrink: 0,
    alignItems: "center",
    justifyContent: "center",
    borderRadius: tokens.borderRadiusCircular,
    fontWeight: tokens.fontWeightSemibold,
    userSelect: "none",
    // Keeps its shape when Windows high-contrast mode drops the background colour.
    outline: "1px solid transparent",
  },
});

/**
 * A person's initials in a coloured circle: the one thing Fluent's Avatar did for us (no photos,
 * no presence), in a few hundred bytes instead of the Avatar package on the first screen.
 * Decorative: the name is always written next to it.
 */
export function InitialsBadge({ name, size, className }: { name: string; size: number; className?: string }) {
  const styles = useStyles();
  const [background, color] = PALETTE[colorIndexOf(name, PALETTE.length)] ?? PALETTE[0];
  return (
    <span
      aria-hidden
      className={mergeClasses(styles.badge, className)}
      style={{ width: size, height: size, fontSize: Math.max(9, Math.round(size * 0.4)), backgroundColor: background, color }}
    >
      {initialsOf(name)}
    </span>
  );
}
