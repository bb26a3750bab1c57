import { sql } from "drizzle-orm";
import type { ReviewSource } from "../../domain/ports/review-store.js";
import type { ReviewGrade } from "../../domain/reviews/grading.js";
import {
  defaultRetention,
  gradeCard,
  newReviewCard,
  type ReviewCard,
  type ReviewLogEntry,
} from "../../domain/reviews/review-card.js";
import type { Executor } from "../database.js";
import { jsonRows } from "../raw-sql.js";
import { memberParameters, reviewCards, reviewLogs, userSettings } from "../schema/index.js";
import { type BalanceRequest, balanceGraded } from "./due-histogram.js";

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
  const [card] = await gradeManyInTransaction(tx, [request]);
  if (!card) throw new Error("grading returned no card");
  return card;
}

/**
 * Grades many cards inside the caller's transaction in three statements whatever their number: create the
 * new ones, lock them all (in key order, so concurrent batches cannot deadlock on each other), write the
 * graded cards and one log row per grading. Gradings of one card apply in time order. Returns each
 * request's card as graded, in request order.
 */
export async function gradeManyInTransaction(
  tx: Executor,
  requests: readonly GradeInTx[],
): Promise<ReviewCard[]> {
  if (requests.length === 0) return [];
  const firstSeen = new Map<string, GradeInTx>();
  for (const request of requests) {
    const key = keyOf(request.userId, request.questionId);
    const seen = firstSeen.get(key);
    if (!seen || request.at < seen.at) firstSeen.set(key, request);
  }
  await insertNewCards(tx, [...firstSeen.values()]);
  const current = await lockCards(tx, [...firstSeen.values()]);
  const { results, logs, lastGrading } = gradeInTimeOrder(requests, current);
  // Only a card's last grading of the batch is balanced: an earlier one's due is overwritten anyway.
  const balanced = await balanceGraded(
    tx,
    [...lastGrading.values()].map((last) => last.balance).sort((a, b) => (a.key < b.key ? -1 : 1)),
  );
  for (const [key, card] of balanced) {
    const state = current.get(key);
    const last = lastGrading.get(key);
    if (!state || !last) continue;
    current.set(key, { ...state, card });
    results[last.index] = card;
  }
  const cards = [...firstSeen.entries()].map(([key, request]) => {
    const state = current.get(key);
    if (!state) throw new Error("review card vanished while it was being graded");
    return cardJson(request.userId, request.questionId, state.card);
  });
  await writeGraded(tx, cards, logs);
  return results;
}

function keyOf(userId: number, questionId: string): string {
  return `${userId}\u0000${questionId}`;
}

/** A locked card as grading goes on, with what scheduling it needs from the member's settings. */
interface CardState {
  readonly card: ReviewCard;
  readonly retention: number;
  readonly weights: number[] | undefined;
  readonly timeZone: string;
  readonly lightWeekdays: number[];
  /** The due date as stored before this batch, which the load balancer moves the card away from. */
  readonly storedDue: Date;
}

/** New cards for the keys that have none yet, each as first seen by the batch. */
async function insertNewCards(tx: Executor, firstRequests: readonly GradeInTx[]): Promise<void> {
  await tx.execute(sql`
    insert into ${reviewCards} (user_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days,
                                learning_steps, reps, lapses, state, last_review)
    select v.user_id, v.question_id, v.due, v.stability, v.difficulty, v.elapsed_days, v.scheduled_days,
           v.learning_steps, v.reps, v.lapses, v.state, v.last_review
      from jsonb_to_recordset(${jsonRows(firstRequests.map((request) => cardJson(request.userId, request.questionId, newReviewCard(request.at))))})
           as v(user_id bigint, question_id text, due timestamptz, stability float8, difficulty float8,
                elapsed_days integer, scheduled_days integer, learning_steps integer, reps integer,
                lapses integer, state smallint, last_review timestamptz)
     order by v.user_id, v.question_id
    on conflict do nothing`);
}

/** Locks the batch's cards in key order and reads each with its member's scheduling settings. */
async function lockCards(tx: Executor, firstRequests: readonly GradeInTx[]): Promise<Map<string, CardState>> {
  const keys = firstRequests.map((request) => ({
    user_id: request.userId,
    question_id: request.questionId,
  }));
  const locked = await tx
    .select({
      card: reviewCards,
      retention: sql<
        number | null
      >`(select us.desired_retention from ${userSettings} us where us.user_id = ${reviewCards}.user_id)`,
      timeZone: sql<
        string | null
      >`(select us.time_zone from ${userSettings} us where us.user_id = ${reviewCards}.user_id)`,
      // As text: PGlite parses a smallint[] from a raw subquery, postgres.js returns "{0,6}".
      lightWeekdays: sql<
        string | null
      >`(select array_to_string(us.light_weekdays, ',') from ${userSettings} us where us.user_id = ${reviewCards}.user_id)`,
      // The member's fitted (or group) weights; none: the FSRS defaults.
      weights: sql<unknown>`(select mp.weights from ${memberParameters} mp where mp.user_id = ${reviewCards}.user_id)`,
    })
    .from(reviewCards)
    .where(
      sql`(${reviewCards.userId}, ${reviewCards.questionId}) in
          (select k.user_id, k.question_id from jsonb_to_recordset(${jsonRows(keys)}) as k(user_id bigint, question_id text))`,
    )
    .orderBy(reviewCards.userId, reviewCards.questionId)
    .for("update");
  return new Map(
    locked.map((row) => [
      keyOf(row.card.userId, row.card.questionId),
      {
        card: toReviewCard(row.card),
        retention: row.retention ?? defaultRetention,
        weights: floatArray(row.weights),
        timeZone: row.timeZone ?? "UTC",
        lightWeekdays: row.lightWeekdays
          ? row.lightWeekdays
              .split(",")
              .filter((d) => d !== "")
              .map(Number)
          : [],
        storedDue: toReviewCard(row.card).due,
      },
    ]),
  );
}

/**
 * Applies the gradings to the locked cards in time order (`current` is updated as it goes): each
 * request's graded card, the log rows, and each card's last grading for the load balancer.
 */
function gradeInTimeOrder(requests: readonly GradeInTx[], current: Map<string, CardState>) {
  const inTimeOrder = requests
    .map((request, index) => ({ request, index }))
    .sort((a, b) => a.request.at.getTime() - b.request.at.getTime() || a.index - b.index);
  const results: ReviewCard[] = new Array(requests.length);
  const logs: object[] = [];
  const lastGrading = new Map<string, { index: number; balance: BalanceRequest }>();
  for (const { request, index } of inTimeOrder) {
    const key = keyOf(request.userId, request.questionId);
    const state = current.get(key);
    if (!state) throw new Error("review card vanished while it was being graded");
    const graded = gradeCard(state.card, request.grade, request.at, state.retention, state.weights);
    current.set(key, { ...state, card: graded.card });
    results[index] = graded.card;
    logs.push(logJson(request, graded.log));
    lastGrading.set(key, {
      index,
      balance: {
        key,
        userId: request.userId,
        card: graded.card,
        previousDue: state.storedDue,
        reviewedAt: request.at,
        window: graded.window,
        timeZone: state.timeZone,
        lightWeekdays: state.lightWeekdays,
      },
    });
  }
  return { results, logs, lastGrading };
}

/** Cards and logs in one statement (a data-modifying CTE): one round trip for the whole batch. */
async function writeGraded(tx: Executor, cards: readonly object[], logs: readonly object[]): Promise<void> {
  await tx.execute(sql`
    with graded as (
      update ${reviewCards} c
         set due = v.due, stability = v.stability, difficulty = v.difficulty, elapsed_days = v.elapsed_days,
             scheduled_days = v.scheduled_days, learning_steps = v.learning_steps, reps = v.reps,
             lapses = v.lapses, state = v.state, last_review = v.last_review
        from jsonb_to_recordset(${jsonRows(cards)})
             as v(user_id bigint, question_id text, due timestamptz, stability float8, difficulty float8,
                  elapsed_days integer, scheduled_days integer, learning_steps integer, reps integer,
                  lapses integer, state smallint, last_review timestamptz)
       where c.user_id = v.user_id and c.question_id = v.question_id
    )
    insert into ${reviewLogs} (user_id, question_id, rating, state, due, stability, difficulty, elapsed_days,
                               last_elapsed_days, scheduled_days, learning_steps, reviewed_at, source, answer_id)
    select l.user_id, l.question_id, l.rating, l.state, l.due, l.stability, l.difficulty, l.elapsed_days,
           l.last_elapsed_days, l.scheduled_days, l.learning_steps, l.reviewed_at, l.source, l.answer_id
      from jsonb_to_recordset(${jsonRows(logs)})
           as l(user_id bigint, question_id text, rating smallint, state smallint, due timestamptz,
                stability float8, difficulty float8, elapsed_days integer, last_elapsed_days integer,
                scheduled_days integer, learning_steps integer, reviewed_at timestamptz, source text,
                answer_id bigint)`);
}

/**
 * A float8[] from a raw subquery: PGlite parses it, while drizzle's postgres.js driver hands raw results back
 * as Postgres array text ("{0.2,1.3}").
 */
function floatArray(value: unknown): number[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(Number);
  const text = String(value).replace(/^\{|\}$/g, "");
  return text === "" ? [] : text.split(",").map(Number);
}

function cardJson(userId: number, questionId: string, card: ReviewCard) {
  return {
    user_id: userId,
    question_id: questionId,
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.lastReview?.toISOString() ?? null,
  };
}

function logJson(request: GradeInTx, log: ReviewLogEntry) {
  return {
    user_id: request.userId,
    question_id: request.questionId,
    rating: log.rating,
    state: log.state,
    due: log.due.toISOString(),
    stability: log.stability,
    difficulty: log.difficulty,
    elapsed_days: log.elapsedDays,
    last_elapsed_days: log.lastElapsedDays,
    scheduled_days: log.scheduledDays,
    learning_steps: log.learningSteps,
    reviewed_at: log.reviewedAt.toISOString(),
    source: request.source,
    answer_id: request.answerId ?? null,
  };
}
