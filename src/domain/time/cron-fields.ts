/**
 * A five-field cron expression as sets of allowed values, the shape node-cron's parser produces: the app
 * parses and validates with node-cron, and the domain does the calendar arithmetic on these plain sets.
 * As in node-cron, a day must match both the day-of-month and the day-of-week field.
 */
export interface CronFields {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  readonly months: readonly number[];
  /** 0 = Sunday ... 6 = Saturday (a 7 is read as Sunday). */
  readonly daysOfWeek: readonly number[];
}

/** Whether the calendar day `date` (YYYY-MM-DD) is one the fields allow. */
export function matchesDay(fields: CronFields, date: string): boolean {
  const [year, month, day] = date.split("-").map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return (
    fields.months.includes(month) &&
    fields.daysOfMonth.includes(day) &&
    (fields.daysOfWeek.includes(weekday) || (weekday === 0 && fields.daysOfWeek.includes(7)))
  );
}

/** The day's times as minutes after local midnight, in order. */
export function timesOfDay(fields: CronFields): number[] {
  const times: number[] = [];
  for (const hour of fields.hours) for (const minute of fields.minutes) times.push(hour * 60 + minute);
  return [...new Set(times)].sort((a, b) => a - b);
}
