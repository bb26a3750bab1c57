import type { ParameterStore } from "../../domain/ports/parameter-store.js";
import type { ReviewStorage } from "../../domain/ports/review-store.js";
import { timeZoneOf } from "../../domain/reviews/review-settings.js";
import { spreadBacklog, spreadDays } from "../../domain/reviews/vacation.js";
import { addDays, localDay, startOfLocalDay } from "../../domain/time/local-time.js";

/** What a return did: the backlog's size and how many of its cards fall on each day, today first. */
export interface VacationReturn {
  readonly cards: number;
  readonly perDay: readonly number[];
}

/**
 * Brings a member back from vacation at `now`: their backlog is spread over the days `spreadBacklog`
 * chooses and the vacation ends, in one store step. `undefined` when they were not away, or when another
 * process (the reminder minute, a second command) brought them back first: a backlog is spread once.
 */
export async function returnFromVacation(
  store: Pick<ReviewStorage, "settings" | "vacation">,
  parameters: Pick<ParameterStore, "inUse">,
  userId: number,
  now: Date,
): Promise<VacationReturn | undefined> {
  const settings = await store.settings.settings(userId);
  const vacation = settings.vacation;
  if (!vacation) return undefined;
  const zone = timeZoneOf(settings);
  const days = spreadDays(vacation, now, zone);
  const end = startOfLocalDay(addDays(localDay(now, zone), days), zone);
  const [backlog, dueOn, inUse] = await Promise.all([
    store.vacation.backlog(userId, now),
    store.vacation.dueByDay(userId, zone, now, end),
    parameters.inUse(userId),
  ]);
  const spread = spreadBacklog({
    backlog,
    dueOn,
    now,
    zone,
    days,
    lightWeekdays: settings.lightWeekdays,
    retention: settings.desiredRetention,
    ...(inUse.source === "defaults" ? {} : { weights: inUse.weights }),
  });
  const ended = await store.vacation.comeBack(userId, vacation.since, spread.moves);
  return ended ? { cards: backlog.length, perDay: spread.perDay } : undefined;
}
