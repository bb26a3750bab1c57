import { and, eq, lte, sql } from "drizzle-orm";
import type { ReviewStatsQueries, StatsFacts } from "../../domain/ports/review-store.js";
import { AGAIN } from "../../domain/reviews/grading.js";
import type { Db } from "../database.js";
import { rowsOf } from "../raw-sql.js";
import { answers, questions, reviewCards, reviewLogs } from "../schema/index.js";
import { questionInPack } from "./question-in-pack.js";

export class DrizzleReviewStatsQueries implements ReviewStatsQueries {
  constructor(private readonly db: Db) {}

  async stats(
    userId: number,
    timeZone: string,
    now: Date,
    forecastEnd: Date,
    recentSince: Date,
  ): Promise<StatsFacts> {
    const localDay = (column: unknown) =>
      sql<string>`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD')`;
    const dueByDay = await this.db
      .select({ date: localDay(reviewCards.due), count: sql<number>`count(*)::int` })
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), lte(reviewCards.due, forecastEnd), questionInPack))
      .groupBy(sql`1`);
    // Instants inside raw SQL go as ISO text: postgres-js does not serialise a Date in an untyped parameter.
    const since = sql`${recentSince.toISOString()}::timestamptz`;
    const [totals] = await this.db
      .select({
        done: sql<number>`count(*)::int`,
        recent: sql<number>`count(*) filter (where ${reviewLogs.reviewedAt} >= ${since})::int`,
        recentAgain: sql<number>`count(*) filter (where ${reviewLogs.reviewedAt} >= ${since} and ${reviewLogs.rating} = ${AGAIN})::int`,
      })
      .from(reviewLogs)
      .where(and(eq(reviewLogs.userId, userId), lte(reviewLogs.reviewedAt, now)));
    const days = await this.db.execute<{ day: string }>(sql`
      select to_char(${reviewLogs.reviewedAt} at time zone ${timeZone}, 'YYYY-MM-DD') as day
        from ${reviewLogs} where ${reviewLogs.userId} = ${userId}
      union
      select to_char(${answers.answeredAt} at time zone ${timeZone}, 'YYYY-MM-DD') as day
        from ${answers} where ${answers.userId} = ${userId}`);
    const tags = await this.db.execute<{ tag: string; total: number; right: number }>(sql`
      select tag, count(*)::int as total, count(*) filter (where l.rating <> ${AGAIN})::int as "right"
        from ${reviewLogs} l
        join ${questions} q on q.id = l.question_id
        cross join lateral unnest(q.tags) as tag
       where l.user_id = ${userId}
       group by tag`);
    return {
      dueByDay,
      reviewsDone: totals?.done ?? 0,
      recentReviews: totals?.recent ?? 0,
      recentAgain: totals?.recentAgain ?? 0,
      activeDays: rowsOf<{ day: string }>(days).map((row) => row.day),
      tags: rowsOf<{ tag: string; total: number; right: number }>(tags),
    };
  }
}
