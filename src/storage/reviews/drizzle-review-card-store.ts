import { and, asc, count, eq, gte, isNull, lte, ne, notExists, sql } from "drizzle-orm";
import type { GradeRequest, ReviewCardStore } from "../../domain/ports/review-store.js";
import type { ReviewCard } from "../../domain/reviews/review-card.js";
import type { DueCard } from "../../domain/reviews/review-queue.js";
import type { Db } from "../database.js";
import { answers, packs, questions, reviewCards, reviewLogs } from "../schema/index.js";
import { toReviewCard } from "./card-rows.js";
import { type GradedHook, gradeWithHooks } from "./graded-hooks.js";
import { questionInPack } from "./question-in-pack.js";

export class DrizzleReviewCardStore implements ReviewCardStore {
  constructor(
    private readonly db: Db,
    /** Run after a personal review graded not-Again, in its transaction (the leaderboard's streak credit). */
    private readonly onGraded: readonly GradedHook[] = [],
  ) {}

  async dueCards(userId: number, now: Date, limit: number): Promise<DueCard[]> {
    // Served by the (user_id, due) index: an index range scan in due order, no sort.
    return this.db
      .select({ questionId: reviewCards.questionId, due: reviewCards.due })
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), lte(reviewCards.due, now), questionInPack))
      .orderBy(asc(reviewCards.due))
      .limit(limit);
  }
  async countDue(userId: number, now: Date): Promise<number> {
    const [row] = await this.db
      .select({ value: count() })
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), lte(reviewCards.due, now), questionInPack));
    return row?.value ?? 0;
  }
  async unseenQuestions(userId: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .select({ id: questions.id })
      .from(questions)
      .innerJoin(packs, eq(packs.id, questions.packId))
      .where(
        and(
          isNull(questions.retiredAt),
          ne(questions.kind, "challenge"),
          notExists(
            this.db
              .select({ one: sql`1` })
              .from(reviewCards)
              .where(and(eq(reviewCards.userId, userId), eq(reviewCards.questionId, questions.id))),
          ),
          notExists(
            this.db
              .select({ one: sql`1` })
              .from(answers)
              .where(and(eq(answers.userId, userId), eq(answers.questionId, questions.id))),
          ),
        ),
      )
      // Easier questions first, then pack order by id: a gentle, stable introduction.
      .orderBy(asc(questions.difficulty), asc(questions.packId), asc(questions.id))
      .limit(limit);
    return rows.map((row) => row.id);
  }
  async introducedSince(userId: number, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ value: count() })
      .from(reviewLogs)
      .where(
        and(
          eq(reviewLogs.userId, userId),
          eq(reviewLogs.source, "review"),
          eq(reviewLogs.state, 0),
          gte(reviewLogs.reviewedAt, since),
        ),
      );
    return row?.value ?? 0;
  }
  async card(userId: number, questionId: string): Promise<ReviewCard | undefined> {
    const [row] = await this.db
      .select()
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), eq(reviewCards.questionId, questionId)));
    return row ? toReviewCard(row) : undefined;
  }
  async cards(userId: number): Promise<ReviewCard[]> {
    const rows = await this.db
      .select()
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), questionInPack));
    return rows.map(toReviewCard);
  }
  async grade(request: GradeRequest): Promise<ReviewCard> {
    return this.db.transaction((tx) => gradeWithHooks(tx, request, this.onGraded));
  }

  async nextDue(userId: number): Promise<Date | undefined> {
    const [row] = await this.db
      .select({ due: reviewCards.due })
      .from(reviewCards)
      .where(and(eq(reviewCards.userId, userId), questionInPack))
      .orderBy(asc(reviewCards.due))
      .limit(1);
    return row?.due;
  }
}
