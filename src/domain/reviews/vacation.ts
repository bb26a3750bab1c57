import type { ExpectedInput } from "../expected-input.js";
import { err, ok, type Result } from "../result.js";
import { addDays, dayToUtc, type LocalDay, localDay, startOfLocalDay } from "../time/local-time.js";
import { dayLoad, weekdayOf } from "./load-balance.js";
import { type ReviewCard, scheduler, toFsrs } from "./review-card.js";

/**
 * Vacation mode: while it lasts, a member's due cards wait (no `/review` session, no reminder), and on
 * their return the backlog is spread over several days (`spreadBacklog`) instead of falling due at once.
 * Memory keeps decaying while away, so nothing is rescheduled as if time had stopped: only the day each
 * overdue card is shown moves, and FSRS grades it with the days that really passed.
 */
export interface Vacation {
  /** When the member went away. */
  readonly since: Date;
  /** The start of the local day they are back; `null`: until they turn it off. */
  readonly until: Date | null;
}

/** Longest vacation a date or day count may set, in days; `on` has no end. */
export const maxVacationDays = 365;
/** The backlog is spread over as many days as the member was away, at most this many (today included). */
export const maxSpreadDays = 7;

/** What `vacation:` asked for: away (from now, or still from when they left), or back now. */
export type VacationChange =
  | { readonly kind: "away"; readonly vacation: Vacation }
  | { readonly kind: "back" };

/**
 * `vacation:` of `/review settings`: `on` (until turned off), a number of days (`14`, `14d`), the date of
 * the day back (`2026-12-24`, in the member's zone), or `off` (back now). Changing the end of a vacation
 * already begun keeps when it began.
 */
export function parseVacation(
  text: string,
  current: Vacation | null,
  now: Date,
  zone: string,
): Result<VacationChange, { readonly expected: ExpectedInput }> {
  const word = text.trim().toLowerCase();
  const since = current?.since ?? now;
  if (word === "off" || word === "back") return ok({ kind: "back" });
  if (word === "on") return ok({ kind: "away", vacation: { since, until: null } });
  const today = localDay(now, zone);
  let backOn: LocalDay | undefined;
  const days = /^(\d{1,3})\s*(d|days?)?$/.exec(word);
  if (days) backOn = addDays(today, Number(days[1]));
  else if (/^\d{4}-\d{2}-\d{2}$/.test(word) && addDays(word, 0) === word) backOn = word;
  const away = backOn === undefined ? 0 : daysBetween(today, backOn);
  if (backOn === undefined || away < 1 || away > maxVacationDays) {
    return err({ expected: { type: "vacation", maxDays: maxVacationDays } });
  }
  return ok({ kind: "away", vacation: { since, until: startOfLocalDay(backOn, zone) } });
}

/** Whether the member is away at `now`: reviews and reminders wait. */
export function isAway(vacation: Vacation | null, now: Date): boolean {
  return vacation !== null && (vacation.until === null || now.getTime() < vacation.until.getTime());
}

/** Whether a vacation with an end has reached it and the backlog still waits to be spread. */
export function isOver(vacation: Vacation | null, now: Date): vacation is Vacation {
  return vacation !== null && vacation.until !== null && now.getTime() >= vacation.until.getTime();
}

/** Days the backlog is spread over: the local days away, at least 1 (today) and at most `maxSpreadDays`. */
export function spreadDays(vacation: Vacation, now: Date, zone: string): number {
  const away = daysBetween(localDay(vacation.since, zone), localDay(now, zone));
  return Math.min(maxSpreadDays, Math.max(1, away));
}

export interface BacklogCard {
  readonly questionId: string;
  readonly card: ReviewCard;
}

export interface SpreadInput {
  /** The member's cards due by `now`. */
  readonly backlog: readonly BacklogCard[];
  /** Other cards already due on each local day from today on (later today included), by day. */
  readonly dueOn: ReadonlyMap<LocalDay, number>;
  readonly now: Date;
  readonly zone: string;
  readonly days: number;
  readonly lightWeekdays: readonly number[];
  readonly retention: number;
  readonly weights?: readonly number[];
}

export interface BacklogMove {
  readonly questionId: string;
  readonly due: Date;
}

export interface Spread {
  /** Cards moved to a later day (those left for today keep their due). */
  readonly moves: readonly BacklogMove[];
  /** Backlog cards on each day, today first. */
  readonly perDay: readonly number[];
}

/**
 * Spreads a returning member's backlog over `days` local days, today first, with the load balancer's
 * measure of a day (`dayLoad`: cards already due on it, easy days counted full at half): each card in turn
 * goes to the lightest day, the earliest among equals, so the days end as level as whole cards allow.
 * Then the cards most likely forgotten (lowest FSRS retrievability now) take the earliest places: they
 * lose most by waiting. Cards never reviewed go last, as they have nothing to forget. A card moved to a
 * later day falls due at the start of that day in the member's zone.
 */
export function spreadBacklog(input: SpreadInput): Spread {
  const today = localDay(input.now, input.zone);
  const dates = Array.from({ length: Math.max(1, input.days) }, (_, index) => addDays(today, index));
  const counts = dates.map((date) => input.dueOn.get(date) ?? 0);
  const perDay = dates.map(() => 0);
  for (let placed = 0; placed < input.backlog.length; placed += 1) {
    let best = 0;
    let bestLoad = Number.POSITIVE_INFINITY;
    dates.forEach((date, index) => {
      const load = dayLoad((counts[index] ?? 0) + (perDay[index] ?? 0), weekdayOf(date), input.lightWeekdays);
      if (load < bestLoad) {
        best = index;
        bestLoad = load;
      }
    });
    perDay[best] = (perDay[best] ?? 0) + 1;
  }
  const fsrs = scheduler(input.retention, input.weights);
  const risk = (entry: BacklogCard) =>
    entry.card.state === 0 ? 2 : fsrs.get_retrievability(toFsrs(entry.card), input.now, false);
  const ordered = input.backlog
    .map((entry) => ({ entry, risk: risk(entry) }))
    .sort(
      (a, b) =>
        a.risk - b.risk ||
        a.entry.card.due.getTime() - b.entry.card.due.getTime() ||
        a.entry.questionId.localeCompare(b.entry.questionId),
    );
  const moves: BacklogMove[] = [];
  let next = 0;
  perDay.forEach((count, index) => {
    const slice = ordered.slice(next, next + count);
    next += count;
    if (index === 0) return;
    const due = startOfLocalDay(dates[index] ?? today, input.zone);
    for (const { entry } of slice) moves.push({ questionId: entry.questionId, due });
  });
  return { moves, perDay };
}

function daysBetween(from: LocalDay, to: LocalDay): number {
  return Math.round((dayToUtc(to).getTime() - dayToUtc(from).getTime()) / 86_400_000);
}
