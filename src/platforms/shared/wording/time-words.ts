/** A moment in a named zone, e.g. "Mon 2 Mar, 09:00 (Europe/Berlin)": every daily-quiz time reads this way. */
export function inZone(at: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
  return `${text} (${timeZone})`;
}

/** The local day of a moment in a named zone, e.g. "Thu 24 Dec": a day back from vacation reads this way. */
export function dayInZone(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short" })
    .format(at)
    .replace(",", "");
}

/**
 * How long a member took, in the unit a reader takes in: tenths of a second within a round's seconds,
 * minutes or hours within a daily question's window ("12.4 s", "6 min", "5 h 3 min", "1 d 2 h").
 */
export function elapsed(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}
