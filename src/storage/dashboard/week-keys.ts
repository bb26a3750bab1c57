import { isoWeekKey } from "../../domain/leaderboards/periods.js";
import { localDay } from "../../domain/time/local-time.js";

/** The ISO week keys of the `count` weeks up to `now`'s in `timeZone`, oldest first. */
export function recentWeekKeys(now: Date, timeZone: string, count: number): string[] {
  const keys: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    keys.push(isoWeekKey(localDay(new Date(now.getTime() - back * 7 * 86_400_000), timeZone)));
  }
  return keys;
}

/** A text[] literal of keys for a single `::text[]` parameter (keys are digits, "-" and "W"). */
export function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
}
