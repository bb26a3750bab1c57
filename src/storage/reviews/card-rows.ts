import { eq, sql } from "drizzle-orm";
import type { ReviewSource } from "../../domain/ports/review-store.js";
import type { ReviewGrade } from "../../domain/reviews/grading.js";
import { gradeCard, newReviewCard, type ReviewCard } from "../../domain/reviews/review-card.js";
import type { Executor } from "../database.js";
import { reviewCards, reviewLogs, userSettings } from "../schema/index.js";

type CardRow = typeof reviewCards.$inferSelect;

export function toReviewCard(row: CardRow): ReviewCard {
  return {
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    elapsedDays: row.elapsedDays,
    scheduledDays: row.scheduledDays,
    learningSteps: row.learningSteps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state,
    lastReview: row.lastReview,
  };
}

function cardValues(card: ReviewCard) {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsedDays,
    scheduledDays: card.scheduledDays,
    learningSteps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.lastReview,
  };
}

export interface GradeInTx {
  readonly userId: number;
  readonly questionId: string;
  readonly grade: ReviewGrade;
  readonly at: Date;
  readonly source: ReviewSource;
  readonly answerId?: number;
}

/**
 * Grades one card inside the caller's transaction: the card row is locked (created first when new) so
 * two gradings of one card at once apply one after the other, and each one leaves a log row.
 */
export async function gradeInTransaction(tx: Executor, request: GradeInTx): Promise<ReviewCard> {
  const [settings] = await tx
    .select({ retention: userSettings.desiredRetention })
    .from(userSettings)
    .where(eq(userSettings.userId, request.userId));
  const retention = settings?.retention ?? 0.9;
  let current = await lockCard(tx, request.userId, request.questionId);
  if (!current) {
    await tx
      .insert(reviewCards)
      .values({
        userId: request.userId,
        questionId: request.questionId,
        ...cardValues(newReviewCard(request.at)),
      })
      .onConflictDoNothing();
    current = await lockCard(tx, request.userId, request.questionId);
    if (!current) throw new Error("review card vanished while it was being created");
  }
  const graded = gradeCard(current, request.grade, request.at, retention);
  await tx
    .update(reviewCards)
    .set(cardValues(graded.card))
    .where(
      sql`${reviewCards.userId} = ${request.userId} and ${reviewCards.questionId} = ${request.questionId}`,
    );
  await tx.insert(reviewLogs).values({
    userId: request.userId,
    questionId: request.questionId,
    ...graded.log,
    source: request.source,
    answerId: request.answerId ?? null,
  });
  return graded.card;
}

async function lockCard(tx: Executor, userId: number, questionId: string): Promise<ReviewCard | undefined> {
  const [row] = await tx
    .select()
    .from(reviewCards)
    .where(sql`${reviewCards.userId} = ${userId} and ${reviewCards.questionId} = ${questionId}`)
    .for("update");
  return row ? toReviewCard(row) : undefined;
}
