import type { QuestionKind } from "../questions/question.js";

/** The four self-grades of a review, as in Anki and ts-fsrs (`Rating.Again` = 1 ... `Rating.Easy` = 4). */
export type ReviewGrade = 1 | 2 | 3 | 4;
export const AGAIN: ReviewGrade = 1;
export const HARD: ReviewGrade = 2;
export const GOOD: ReviewGrade = 3;
export const EASY: ReviewGrade = 4;
export const reviewGrades: readonly ReviewGrade[] = [AGAIN, HARD, GOOD, EASY];

export function isReviewGrade(value: number): value is ReviewGrade {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/**
 * Shares of the question's time limit below which a right answer counts as Easy and above which it
 * counts as Hard. Recognising an option is quicker than producing an answer, so typed kinds get more
 * room before they count as slow, and must be very quick to count as easy.
 */
export interface SpeedThresholds {
  readonly fast: number;
  readonly slow: number;
}

export const speedThresholds: Readonly<Record<QuestionKind, SpeedThresholds>> = {
  // Pick one of two or one of a few: under a quarter of the time is instant recall, over three quarters is a struggle.
  truefalse: { fast: 0.25, slow: 0.75 },
  choice: { fast: 0.25, slow: 0.75 },
  // Several options must all be weighed before answering.
  multi: { fast: 0.3, slow: 0.8 },
  // Typing takes time by itself: only the last tenth of the limit is slow.
  text: { fast: 0.35, slow: 0.9 },
  output: { fast: 0.35, slow: 0.9 },
  challenge: { fast: 0.4, slow: 0.9 },
};

export interface GradedAnswer {
  readonly kind: QuestionKind;
  readonly correct: boolean;
  readonly responseMs: number;
  /** The time the member had for the question. */
  readonly seconds: number;
}

/**
 * The grade an answer implies: wrong is Again; right is Easy when fast, Hard when slow, else Good.
 * Used directly for quiz answers and as the pre-selected suggestion in a personal review.
 */
export function gradeFromAnswer(answer: GradedAnswer): ReviewGrade {
  if (!answer.correct) return AGAIN;
  if (answer.seconds <= 0) return GOOD;
  const share = answer.responseMs / (answer.seconds * 1000);
  const thresholds = speedThresholds[answer.kind];
  if (share < thresholds.fast) return EASY;
  if (share > thresholds.slow) return HARD;
  return GOOD;
}
