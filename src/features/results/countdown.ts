/** Countdown text for the idle clear and a pass's validity window; all pure, all in milliseconds. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `14:32`, or `1:02:03` past an hour. Rounds up, so a fresh 15-minute timer reads 15:00 and 0:00 means now. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / SECOND));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${ss}` : `${minutes}:${ss}`;
}

/** `2 d 4 h`, `7 h 59 min`, `12 min 5 s`: a span at the precision that matters at its size. */
export function formatSpan(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / SECOND) * SECOND);
  if (total >= DAY) return `${Math.floor(total / DAY)} d ${Math.floor((total % DAY) / HOUR)} h`;
  if (total >= HOUR) return `${Math.floor(total / HOUR)} h ${Math.floor((total % HOUR) / MINUTE)} min`;
  if (total >= MINUTE) return `${Math.floor(total / MINUTE)} min ${Math.floor((total % MINUTE) / SECOND)} s`;
  return `${total / SECOND} s`;
}

/** `15 minutes`, `1 minute`, `90 seconds`. */
export function formatDurationWords(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (ms % MINUTE === 0) return plural(ms / MINUTE, "minute");
  return plural(Math.round(ms / SECOND), "second");
}

export type ValidityPhase = "not-yet-valid" | "valid" | "expired";

export interface PassValidity {
  phase: ValidityPhase;
  /** `Starts in 4 min 10 s`, `Expires in 7 h 59 min`, `Expired`. */
  text: string;
}

export function passValidity(now: number, startIso: string, endIso: string): PassValidity {
  const start = Date.parse(startIso);
  const end = Date.parse(endIso);
  if (now < start) return { phase: "not-yet-valid", text: `Starts in ${formatSpan(start - now)}` };
  if (now < end) return { phase: "valid", text: `Expires in ${formatSpan(end - now)}` };
  return { phase: "expired", text: "Expired" };
}

/** Milliseconds until the idle clear, never below zero. */
export function idleRemaining(lastActivity: number, now: number, idleMs: number): number {
  return Math.max(0, lastActivity + idleMs - now);
}

export function idleCountdownText(remainingMs: number): string {
  return `Passes are cleared from this page in ${formatClock(remainingMs)} if idle`;
}

export function idleClearedText(idleMs: number): string {
  return `The pass values were cleared after ${formatDurationWords(idleMs)} of inactivity.`;
}
