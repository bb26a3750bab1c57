import { type Card, createEmptyCard, fsrs, type Grade, generatorParameters, type State } from "ts-fsrs";
import type { ReviewGrade } from "./grading.js";
import { type FuzzWindow, fuzzWindow } from "./load-balance.js";

/** The FSRS state of one member's card for one question (ts-fsrs `Card`, in this codebase's names). */
export interface ReviewCard {
  readonly due: Date;
  readonly stability: number;
  readonly difficulty: number;
  readonly elapsedDays: number;
  readonly scheduledDays: number;
  readonly learningSteps: number;
  readonly reps: number;
  readonly lapses: number;
  /** 0 New, 1 Learning, 2 Review, 3 Relearning (ts-fsrs `State`). */
  readonly state: number;
  readonly lastReview: Date | null;
}

/** One grading, with the card's state before it: what FSRS needs to re-fit parameters later. */
export interface ReviewLogEntry {
  readonly rating: ReviewGrade;
  readonly state: number;
  readonly due: Date;
  readonly stability: number;
  readonly difficulty: number;
  readonly elapsedDays: number;
  readonly lastElapsedDays: number;
  readonly scheduledDays: number;
  readonly learningSteps: number;
  readonly reviewedAt: Date;
}

export interface Graded {
  readonly card: ReviewCard;
  readonly log: ReviewLogEntry;
  /** The days the card's interval could have taken (its fuzz range), for the load balancer. */
  readonly window?: FuzzWindow;
}

export const defaultRetention = 0.9;
export const minRetention = 0.7;
export const maxRetention = 0.97;

/** A card never reviewed, due at once. */
export function newReviewCard(now: Date): ReviewCard {
  return fromFsrs(createEmptyCard(now));
}

/**
 * Schedules the next review with FSRS (ts-fsrs), at the member's desired retention. Fuzz is on, as in
 * Anki, so cards learned together spread out instead of all falling due on the same day; ts-fsrs seeds it
 * from the card and the review time, so the result is still deterministic.
 */
export function gradeCard(
  card: ReviewCard,
  grade: ReviewGrade,
  now: Date,
  retention: number,
  weights?: readonly number[],
): Graded {
  const fuzzed = scheduler(retention, weights);
  const { card: next, log } = fuzzed.next(toFsrs(card), now, grade as Grade);
  // The interval before fuzz, from the same stability: the centre of the range fuzz drew from.
  const window =
    next.state === 2
      ? fuzzWindow(
          scheduler(retention, weights, false).next_interval(next.stability, next.elapsed_days),
          next.elapsed_days,
          fuzzed.parameters.maximum_interval,
        )
      : undefined;
  return {
    ...(window ? { window } : {}),
    card: fromFsrs(next),
    log: {
      rating: grade,
      state: log.state,
      due: log.due,
      stability: log.stability,
      difficulty: log.difficulty,
      elapsedDays: log.elapsed_days,
      lastElapsedDays: log.last_elapsed_days,
      scheduledDays: log.scheduled_days,
      learningSteps: log.learning_steps,
      reviewedAt: now,
    },
  };
}

/** When the card would next be due for each grade, for the interval shown on the grade buttons. */
export function previewGrades(
  card: ReviewCard,
  now: Date,
  retention: number,
  weights?: readonly number[],
): Readonly<Record<ReviewGrade, Date>> {
  const preview = scheduler(retention, weights).repeat(toFsrs(card), now);
  return { 1: preview[1].card.due, 2: preview[2].card.due, 3: preview[3].card.due, 4: preview[4].card.due };
}

/** Keeps retention within what the settings allow, whatever is stored. */
export function clampRetention(retention: number): number {
  return Math.min(maxRetention, Math.max(minRetention, retention));
}

const schedulers = new Map<string, ReturnType<typeof fsrs>>();
/** Fitted weights differ per member: the cache is bounded so it cannot grow with the member count. */
const maxSchedulers = 512;

/** The ts-fsrs scheduler for a retention and weights (the FSRS-6 defaults when none are given). */
export function scheduler(
  retention: number,
  weights?: readonly number[],
  fuzz = true,
): ReturnType<typeof fsrs> {
  const clamped = clampRetention(retention);
  const key = `${clamped}|${fuzz ? 1 : 0}|${weights ? weights.join(",") : "default"}`;
  let found = schedulers.get(key);
  if (!found) {
    if (schedulers.size >= maxSchedulers) schedulers.clear();
    found = fsrs(
      generatorParameters({
        request_retention: clamped,
        enable_fuzz: fuzz,
        ...(weights ? { w: [...weights] } : {}),
      }),
    );
    schedulers.set(key, found);
  }
  return found;
}

export function toFsrs(card: ReviewCard): Card {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state as State,
    ...(card.lastReview ? { last_review: card.lastReview } : {}),
  };
}

export function fromFsrs(card: Card): ReviewCard {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.last_review ?? null,
  };
}
