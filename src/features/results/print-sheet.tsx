import type { ReactNode } from "react";
import { createPortal } from "react-dom";

const SHEET_ATTRIBUTE = "data-tap-print-sheet";

// Only the sheet prints; on screen it is never visible. Fluent's own portals (tooltips) hide too.
const SHEET_CSS = `
@media screen { [${SHEET_ATTRIBUTE}] { display: none !important; } }
@media print {
  body > :not([${SHEET_ATTRIBUTE}]) { display: none !important; }
  [${SHEET_ATTRIBUTE}] { display: block; color: #000; background: #fff; }
}`;

/**
 * Renders its children straight into <body> as the only printed content. It sits outside the
 * FluentProvider, so its styles use plain values rather than theme tokens.
 */
export function PrintSheet({ children }: { children: ReactNode }) {
  const sheet = (
    <div {...{ [SHEET_ATTRIBUTE]: "" }}>
      <style>{SHEET_CSS}</style>
      {children}
    </div>
  );
  return createPortal(sheet, document.body);
}
