import type { Question } from "../questions/question.js";

/** A stored question as a review shows it: the definition and the time it is given. */
export interface StoredQuestion {
  readonly question: Question;
  /** The question's own time or its pack's default. */
  readonly seconds: number;
}

/**
 * Question definitions as stored with their packs: a question taken out of its pack is not found. The
 * round engine reads the loaded packs in memory (`QuestionCatalog`); reviews read the stored questions,
 * which outlive a pack file's edits.
 */
export interface QuestionSource {
  question(questionId: string): Promise<StoredQuestion | undefined>;
}
