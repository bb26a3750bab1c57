import { and, eq, gt, isNotNull, lt, lte, sql } from "drizzle-orm";
import type { VacationStore } from "../../domain/ports/vacation-store.js";
import type { BacklogCard, BacklogMove, Vacation } from "../../domain/reviews/vacation.js";
import type { LocalDay } from "../../domain/time/local-time.js";
import type { Db } from "../database.js";
import { jsonRows } from "../raw-sql.js";
import { reviewCards, userSettings } from "../schema/index.js";
import { toReviewCard } from "./card-rows.js";
import { questionInPack } from "./question-in-pack.js";

export class DrizzleVacationStore implements VacationStore {
  constructor(private readonly db: Db) {}

  async goAway(userId: number, vacation: Vacation): Promise<void> {
    const values = { vacationSince: vacation.since, vacationUntil: vacation.until };
    await this.db
      .insert(userSettings)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: userSettings.userId, set: { ...values, updatedAt: sql`now()` } });
  }

  async returning(now: Date): Promise<number[]> {
    const rows = await this.db
      .select({ userId: userSettings.userId })
      .from(userSettings)
      .where(and(isNotNull(userSettings.vacationSince), lte(userSettings.vacationUntil, now)));
    return rows.map((row) => row.userId);
  }

  async backlog(userId: number, now: Date): Promise<BacklogCard[]> {
    const rows = await this.db
      .select()
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), lte(reviewCards.due, now), questionInPack));
    return rows.map((row) => ({ questionId: row.questionId, card: toReviewCard(row) }));
  }

  async dueByDay(userId: number, zone: string, after: Date, before: Date): Promise<Map<LocalDay, number>> {
    const day = sql<string>`to_char(${reviewCards.due} at time zone ${zone}, 'YYYY-MM-DD')`;
    const rows = await this.db
      .select({ day, n: sql<number | string>`count(*)` })
      .from(reviewCards)
      .where(
        and(
          eq(reviewCards.userId, userId),
          gt(reviewCards.due, after),
          lt(reviewCards.due, before),
          questionInPack,
        ),
      )
      // By position: the zone is a parameter, and `$1` and `$5` are not the same expression to Postgres.
      .groupBy(sql`1`);
    return new Map(rows.map((row) => [row.day, Number(row.n)]));
  }

  async comeBack(userId: number, since: Date, moves: readonly BacklogMove[]): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // The conditional update is the claim: of two processes returning the member, one ends the vacation.
      const ended = await tx
        .update(userSettings)
        .set({ vacationSince: null, vacationUntil: null, updatedAt: sql`now()` })
        .where(and(eq(userSettings.userId, userId), eq(userSettings.vacationSince, since)))
        .returning({ userId: userSettings.userId });
      if (ended.length === 0) return false;
      if (moves.length > 0) {
        await tx.execute(sql`
          update ${reviewCards} c set due = m.due
            from jsonb_to_recordset(${jsonRows(
              moves.map((move) => ({ question_id: move.questionId, due: move.due.toISOString() })),
            )}) as m(question_id text, due timestamptz)
           where c.user_id = ${userId} and c.question_id = m.question_id`);
      }
      return true;
    });
  }
}
