import { sql } from "drizzle-orm";
import {
  balanceDue,
  dayLoad,
  daysAfter,
  type FuzzWindow,
  weekdayOf,
} from "../../domain/reviews/load-balance.js";
import type { ReviewCard } from "../../domain/reviews/review-card.js";
import { localDay, startOfLocalDay } from "../../domain/time/local-time.js";
import type { Executor } from "../database.js";
import { jsonRows, rowsOf } from "../raw-sql.js";
import { reviewCards } from "../schema/index.js";

/** A card just graded, for the load balancer: its new state, the review time and its fuzz window. */
export interface BalanceRequest {
  readonly key: string;
  readonly userId: number;
  readonly card: ReviewCard;
  /** The card's due before this grading (it leaves that day's count). */
  readonly previousDue: Date;
  readonly reviewedAt: Date;
  readonly window: FuzzWindow | undefined;
  readonly timeZone: string;
  readonly lightWeekdays: readonly number[];
}

/**
 * Moves each graded card to the lightest day of its fuzz window (see `balanceDue`), reading the members'
 * due counts per local day in one statement for the whole batch: a range scan of the `review_cards_due`
 * index (user, due) over the days the windows span, so a grading costs one cheap indexed query. Cards of
 * one batch see each other: each placement counts on its day for the next. Returns the moved cards by key.
 */
export async function balanceGraded(
  tx: Executor,
  requests: readonly BalanceRequest[],
): Promise<Map<string, ReviewCard>> {
  const moved = new Map<string, ReviewCard>();
  const candidates = requests.filter((request) => request.window && request.card.state === 2);
  if (candidates.length === 0) return moved;
  const spans = new Map<number, { user_id: number; zone: string; lo: number; hi: number }>();
  for (const request of candidates) {
    const window = request.window as FuzzWindow;
    const first = startOfLocalDay(
      localDay(daysAfter(request.reviewedAt, window.minDays), request.timeZone),
      request.timeZone,
    ).getTime();
    // The end of the last day: a day later than its start (a DST day's hour either way only widens it).
    const last = daysAfter(request.reviewedAt, window.maxDays + 1).getTime();
    const span = spans.get(request.userId);
    spans.set(request.userId, {
      user_id: request.userId,
      zone: request.timeZone,
      lo: Math.min(span?.lo ?? first, first),
      hi: Math.max(span?.hi ?? last, last),
    });
  }
  const counted = rowsOf<{ user_id: number | string; day: string; n: number | string }>(
    await tx.execute(sql`
      select c.user_id, to_char(c.due at time zone w.zone, 'YYYY-MM-DD') as day, count(*) as n
        from jsonb_to_recordset(${jsonRows(
          [...spans.values()].map((span) => ({
            ...span,
            lo: new Date(span.lo).toISOString(),
            hi: new Date(span.hi).toISOString(),
          })),
        )}) as w(user_id bigint, zone text, lo timestamptz, hi timestamptz)
        join ${reviewCards} c on c.user_id = w.user_id and c.due >= w.lo and c.due < w.hi
       group by 1, 2`),
  );
  const counts = new Map<string, number>();
  const dayKey = (userId: number, day: string) => `${userId}\u0000${day}`;
  for (const row of counted) counts.set(dayKey(Number(row.user_id), row.day), Number(row.n));
  for (const request of candidates) {
    const countOn = (at: Date) => counts.get(dayKey(request.userId, localDay(at, request.timeZone))) ?? 0;
    const balanced = balanceDue(request.card, request.window, request.reviewedAt, (at) => {
      const day = localDay(at, request.timeZone);
      return dayLoad(countOn(at), weekdayOf(day), request.lightWeekdays);
    });
    const before = dayKey(request.userId, localDay(request.previousDue, request.timeZone));
    if (counts.has(before)) counts.set(before, Math.max(0, (counts.get(before) ?? 0) - 1));
    const after = dayKey(request.userId, localDay(balanced.due, request.timeZone));
    counts.set(after, (counts.get(after) ?? 0) + 1);
    if (balanced !== request.card) moved.set(request.key, balanced);
  }
  return moved;
}
