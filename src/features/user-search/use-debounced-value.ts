import { useEffect, useState } from "react";

export const SEARCH_DEBOUNCE_MS = 250;

/** `value` once it has stopped changing for `delayMs`, so each keystroke does not become a Graph call. */
export function useDebouncedValue<T>(value: T, delayMs: number = SEARCH_DEBOUNCE_MS): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
