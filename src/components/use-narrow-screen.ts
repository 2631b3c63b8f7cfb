import { useSyncExternalStore } from "react";

/** Phone width: at or below this, wide tables give way to one card per row. */
export const NARROW_SCREEN_QUERY = "(max-width: 640px)";

function subscribe(onChange: () => void): () => void {
  if (typeof window.matchMedia !== "function") return () => {};
  const query = window.matchMedia(NARROW_SCREEN_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

function narrowNow(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia(NARROW_SCREEN_QUERY).matches;
}

/** True while the window is phone-width; follows rotation and resizing. */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, narrowNow, () => false);
}
