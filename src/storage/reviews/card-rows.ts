import { sql } from "drizzle-orm";
import type { ReviewSource } from "../../domain/ports/review-store.js";
import type { ReviewGrade } from "../../domain/reviews/grading.js";
import {
  defaultRetention,
  gradeCard,
  newReviewCard,
  type ReviewCard,
} from "../../domain/reviews/review-card.js";
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
  // One round trip for the common case: the locked card and the member's retention together.
  let locked = await lockCard(tx, request.userId, request.questionId);
  if (!locked) {
    await tx
      .insert(reviewCards)
      .values({
        userId: request.userId,
        questionId: request.questionId,
        ...cardValues(newReviewCard(request.at)),
      })
      .onConflictDoNothing();
    locked = await lockCard(tx, request.userId, request.questionId);
    if (!locked) throw new Error("review card vanished while it was being created");
  }
  const graded = gradeCard(locked.card, request.grade, request.at, locked.retention ?? defaultRetention);
  // Card and log in one statement (a data-modifying CTE): one round trip less on the hot path of a review.
  // Written out because drizzle parenthesises embedded builders; instants go as ISO text with a cast,
  // which both drivers send untyped.
  const card = graded.card;
  const log = graded.log;
  const instant = (at: Date | null) => (at === null ? sql`null` : sql`${at.toISOString()}::timestamptz`);
  await tx.execute(sql`
    with graded_card as (
      update ${reviewCards}
         set due = ${instant(card.due)}, stability = ${card.stability}, difficulty = ${card.difficulty},
             elapsed_days = ${card.elapsedDays}, scheduled_days = ${card.scheduledDays},
             learning_steps = ${card.learningSteps}, reps = ${card.reps}, lapses = ${card.lapses},
             state = ${card.state}, last_review = ${instant(card.lastReview)}
       where user_id = ${request.userId} and question_id = ${request.questionId}
    )
    insert into ${reviewLogs} (user_id, question_id, rating, state, due, stability, difficulty, elapsed_days,
                               last_elapsed_days, scheduled_days, learning_steps, reviewed_at, source, answer_id)
    values (${request.userId}, ${request.questionId}, ${log.rating}, ${log.state}, ${instant(log.due)},
            ${log.stability}, ${log.difficulty}, ${log.elapsedDays}, ${log.lastElapsedDays}, ${log.scheduledDays},
            ${log.learningSteps}, ${instant(log.reviewedAt)}, ${request.source}, ${request.answerId ?? null})`);
  return graded.card;
}

async function lockCard(
  tx: Executor,
  userId: number,
  questionId: string,
): Promise<{ card: ReviewCard; retention: number | null } | undefined> {
  const [row] = await tx
    .select({
      card: reviewCards,
      // Keyed by the parameter, not the outer column: drizzle renders columns unqualified in a select,
      // and an unqualified "user_id" inside the subquery would mean user_settings' own.
      retention: sql<
        number | null
      >`(select us.desired_retention from ${userSettings} us where us.user_id = ${userId})`,
    })
    .from(reviewCards)
    .where(sql`${reviewCards.userId} = ${userId} and ${reviewCards.questionId} = ${questionId}`)
    .for("update");
  return row ? { card: toReviewCard(row.card), retention: row.retention } : undefined;
}
