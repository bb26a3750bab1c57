import { type CronFields, matchesDay, timesOfDay } from "../time/cron-fields.js";
import { addDays, localDateTime } from "../time/local-time.js";

/** How far ahead or back a slot is looked for: a yearly schedule (and a leap day's) still has one. */
const searchDays = 366 * 4 + 1;

/**
 * The instant a local wall-clock time happens in `timeZone`. Corrected twice with the zone's offset, which
 * settles across offset changes; a time skipped by a spring-forward change comes out an hour later
 * (02:30 becomes 03:30), and a time that happens twice in the autumn gives one of the two.
 */
export function zonedInstant(date: string, minuteOfDay: number, timeZone: string): Date {
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, "0");
  const mm = String(minuteOfDay % 60).padStart(2, "0");
  const target = Date.parse(`${date}T${hh}:${mm}:00Z`);
  let guess = target;
  for (let i = 0; i < 2; i += 1) {
    const local = localDateTime(new Date(guess), timeZone);
    guess += target - Date.parse(`${local.date}T${local.time}:00Z`);
  }
  return new Date(guess);
}

/** The first slot strictly after `after`, or `undefined` when the fields never match (e.g. 31 February). */
export function nextSlot(fields: CronFields, timeZone: string, after: Date): Date | undefined {
  return upcomingSlots(fields, timeZone, after, 1)[0];
}

/** The last slot at or before `atOrBefore`, if there was one within the search range. */
export function latestSlot(fields: CronFields, timeZone: string, atOrBefore: Date): Date | undefined {
  const times = timesOfDay(fields).reverse();
  const start = addDays(localDateTime(atOrBefore, timeZone).date, 1);
  for (let day = 0; day <= searchDays; day += 1) {
    const date = addDays(start, -day);
    if (!matchesDay(fields, date)) continue;
    for (const minute of times) {
      const slot = zonedInstant(date, minute, timeZone);
      if (slot.getTime() <= atOrBefore.getTime()) return slot;
    }
  }
  return undefined;
}

/**
 * The next `count` slots after `after` (fewer when the fields run out), computed lazily day by day so a
 * ten-minute schedule costs a few hundred conversions, not a year's worth.
 */
export function upcomingSlots(fields: CronFields, timeZone: string, after: Date, count: number): Date[] {
  const slots: Date[] = [];
  const times = timesOfDay(fields);
  // Start a day early: the local date of `after` can be a day behind the slot's in far-off zones.
  const start = addDays(localDateTime(after, timeZone).date, -1);
  let last = after.getTime();
  for (let day = 0; day <= searchDays && slots.length < count; day += 1) {
    const date = addDays(start, day);
    if (!matchesDay(fields, date)) continue;
    for (const minute of times) {
      const slot = zonedInstant(date, minute, timeZone);
      // `> last` also drops the repeat of an autumn hour that resolves to an instant already taken.
      if (slot.getTime() <= last) continue;
      slots.push(slot);
      last = slot.getTime();
      if (slots.length === count) break;
    }
  }
  return slots;
}
