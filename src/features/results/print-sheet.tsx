import { useCallback, useEffect, useState, type ReactNode } from "react";
import { createPortal, flushSync } from "react-dom";

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

/**
 * Mounts the print sheet only while printing, so values aren't duplicated in the DOM the rest of
 * the time. With `captureBrowserPrint`, Ctrl+P prints the sheet too rather than the screen.
 */
export function usePrintSheet(options: { onPrint?: () => void; captureBrowserPrint?: boolean } = {}) {
  const { onPrint, captureBrowserPrint = false } = options;
  const [printing, setPrinting] = useState(false);

  useEffect(() => {
    const before = () => {
      // The sheet must be in the DOM before the browser lays the page out for print.
      flushSync(() => setPrinting(true));
      onPrint?.();
    };
    const after = () => setPrinting(false);
    if (captureBrowserPrint) window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
  }, [captureBrowserPrint, onPrint]);

  const print = useCallback(() => {
    flushSync(() => setPrinting(true));
    onPrint?.();
    window.print();
  }, [onPrint]);

  return { printing, print };
}
