function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** A pass lifetime in words: "1 hour", "1 day", "1 hour 30 minutes", "2 days 3 hours". */
export function lifetimeWords(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const days = Math.floor(whole / 1440);
  const hours = Math.floor((whole % 1440) / 60);
  const rest = whole % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(plural(days, "day"));
  if (hours > 0) parts.push(plural(hours, "hour"));
  if (rest > 0 || parts.length === 0) parts.push(plural(rest, "minute"));
  return parts.join(" ");
}

/** "1 hour–1 day". */
export function rangeWords(range: { min: number; max: number }): string {
  return `${lifetimeWords(range.min)}–${lifetimeWords(range.max)}`;
}
