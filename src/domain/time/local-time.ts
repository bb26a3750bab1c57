/**
 * Calendar arithmetic in a named time zone, with the platform's Intl data (no I/O, no clock): streaks,
 * "due today", reminder times and daily-quiz slots are all about a local day, not UTC's. Days are
 * "YYYY-MM-DD" strings, so comparing, storing (a Postgres `date`) and testing them needs no Date
 * arithmetic across zones. The one home of time in the domain (with `cron-fields.ts`).
 */
export type LocalDay = string;

export interface LocalDateTime {
  /** YYYY-MM-DD */
  readonly date: LocalDay;
  /** HH:MM, 24-hour */
  readonly time: string;
}

// Building an Intl.DateTimeFormat costs far more than formatting with it, and every answer needs one per
// group: keep one per zone. The day-only one serves the answer path, which needs no time of day.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function cached(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let found = cache.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      ...options,
    });
    cache.set(timeZone, found);
  }
  return found;
}

/** Whether the runtime knows `name` as an IANA zone ("Europe/Berlin", "UTC"); the empty name is none. */
export function isTimeZone(name: string): boolean {
  if (name.length === 0) return false;
  try {
    cached(dayFormats, name, {});
    return true;
  } catch {
    return false;
  }
}

/** The calendar day `instant` falls on in `timeZone`. */
export function localDay(instant: Date, timeZone: string): LocalDay {
  const parts = cached(dayFormats, timeZone, {}).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The local date and 24-hour time of `at` in `timeZone`. */
export function localDateTime(at: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, string> = {};
  const format = cached(dateTimeFormats, timeZone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** The day `count` days after `day` (negative: before), independent of any zone. */
export function addDays(day: LocalDay, count: number): LocalDay {
  const date = dayToUtc(day);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

/** Midnight UTC of a local day: only for calendar arithmetic, never an instant anyone experienced. */
export function dayToUtc(day: LocalDay): Date {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1));
}

/**
 * The instant local midnight starts `date` in `timeZone`. Found by correcting a UTC guess with the zone's
 * offset twice, which settles even on days whose offset changes (DST).
 */
export function startOfLocalDay(date: LocalDay, timeZone: string): Date {
  const target = Date.parse(`${date}T00:00:00Z`);
  let guess = target;
  for (let i = 0; i < 2; i += 1) {
    const local = localDateTime(new Date(guess), timeZone);
    const shown = Date.parse(`${local.date}T${local.time}:00Z`);
    guess += target - shown;
  }
  return new Date(guess);
}

/** "09:00" or "9:00" as "09:00"; anything else is not a time of day. */
export function parseTimeOfDay(text: string): string | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}
