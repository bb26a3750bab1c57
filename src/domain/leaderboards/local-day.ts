/**
 * Calendar days as "YYYY-MM-DD" strings in a member group's time zone. Days are plain strings so that
 * comparing, storing (a Postgres `date`) and testing them needs no Date arithmetic across zones.
 */
export type LocalDay = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

// Building an Intl.DateTimeFormat costs far more than formatting with it, and every answer needs one
// per group: keep one per zone.
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar day `instant` falls on in `timeZone` (an IANA name such as "Europe/Berlin"). */
export function localDay(instant: Date, timeZone: string): LocalDay {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** Whether the runtime knows `timeZone` as an IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The day `count` days after `day` (negative: before). */
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
