import type { Difficulty, Pack, QuestionKind } from "../../domain/questions/question.js";

/** The percentage of correct answers that makes a good quiz question: most know it, some do not. */
export const TARGET_PERCENT = 70;
/** How many points from the target a question may stray before it is flagged (50-90 % is fine). */
export const TOLERANCE_PERCENT = 20;
/** Fewer answers than this say little about a question: it is listed, not judged. */
export const MIN_ANSWERS_TO_JUDGE = 5;

export interface PackCounts {
  readonly questions: number;
  readonly byKind: ReadonlyMap<QuestionKind, number>;
  readonly byTag: ReadonlyMap<string, number>;
  readonly byDifficulty: ReadonlyMap<Difficulty, number>;
}

/** Questions per kind, per tag (a question counts under each of its tags) and per difficulty. */
export function packCounts(pack: Pack): PackCounts {
  const byKind = new Map<QuestionKind, number>();
  const byTag = new Map<string, number>();
  const byDifficulty = new Map<Difficulty, number>();
  const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const question of pack.questions) {
    bump(byKind, question.kind);
    for (const tag of question.tags) bump(byTag, tag);
    bump(byDifficulty, question.difficulty);
  }
  return { questions: pack.questions.length, byKind, byTag, byDifficulty };
}

export type QuestionVerdict = "unanswered" | "too few answers" | "too easy" | "too hard" | "good";

/** Where a question stands against the ~70 % target, given its answers. */
export function judgeQuestion(answers: number, correct: number): QuestionVerdict {
  if (answers === 0) return "unanswered";
  if (answers < MIN_ANSWERS_TO_JUDGE) return "too few answers";
  // Compared in whole numbers: 9 of 10 is exactly 90 %, not a float a hair above it.
  if (correct * 100 > (TARGET_PERCENT + TOLERANCE_PERCENT) * answers) return "too easy";
  if (correct * 100 < (TARGET_PERCENT - TOLERANCE_PERCENT) * answers) return "too hard";
  return "good";
}
