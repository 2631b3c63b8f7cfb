import { useCallback, useRef, useState } from "react";

export interface CopyStatus {
  /** Changes on every attempt so a repeated message is announced again. */
  id: number;
  intent: "success" | "error";
  message: string;
}

const UNAVAILABLE = "The clipboard isn't available in this browser window (it needs an https page). Use Export CSV or Print instead.";
const BLOCKED = "The browser blocked access to the clipboard. Allow clipboard access for this site, or use Export CSV or Print instead.";

/** Copies text and keeps a status line for a polite live region; the status never contains the text. */
export function useClipboard() {
  const [status, setStatus] = useState<CopyStatus | null>(null);
  const nextId = useRef(0);

  const report = useCallback((intent: CopyStatus["intent"], message: string) => {
    nextId.current += 1;
    setStatus({ id: nextId.current, intent, message });
  }, []);

  const copy = useCallback(
    async (text: string, confirmation: string): Promise<boolean> => {
      // Typed as always present, but absent on plain http pages and in some embedded browsers.
      const clipboard = navigator.clipboard as Clipboard | undefined;
      if (!clipboard?.writeText) {
        report("error", UNAVAILABLE);
        return false;
      }
      try {
        await clipboard.writeText(text);
        report("success", confirmation);
        return true;
      } catch {
        report("error", BLOCKED);
        return false;
      }
    },
    [report],
  );

  return { status, copy };
}
