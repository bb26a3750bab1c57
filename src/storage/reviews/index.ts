import type { ReviewStorage } from "../../domain/ports/review-store.js";
import type { Db } from "../database.js";
import { DrizzleMemberDirectory } from "../repositories/drizzle-member-directory.js";
import { DrizzleQuestionSource } from "../repositories/drizzle-question-source.js";
import { DrizzleReviewCardStore } from "./drizzle-review-card-store.js";
import { DrizzleReviewSessionStore } from "./drizzle-review-session-store.js";
import { DrizzleReviewSettingsStore } from "./drizzle-review-settings-store.js";
import { DrizzleReviewStatsQueries } from "./drizzle-review-stats-queries.js";
import { DrizzleVacationStore } from "./drizzle-vacation-store.js";
import type { GradedHook } from "./graded-hooks.js";

export {
  DrizzleReviewCardStore,
  DrizzleReviewSessionStore,
  DrizzleReviewSettingsStore,
  DrizzleReviewStatsQueries,
  DrizzleVacationStore,
};

/**
 * The review ports on one database. `onGraded` runs in the transaction of every grading that was not
 * Again, whether graded alone or within a session (the leaderboard's streak credit).
 */
export function drizzleReviewStorage(db: Db, onGraded: readonly GradedHook[] = []): ReviewStorage {
  return {
    members: new DrizzleMemberDirectory(db),
    questions: new DrizzleQuestionSource(db),
    cards: new DrizzleReviewCardStore(db, onGraded),
    sessions: new DrizzleReviewSessionStore(db, onGraded),
    settings: new DrizzleReviewSettingsStore(db),
    stats: new DrizzleReviewStatsQueries(db),
    vacation: new DrizzleVacationStore(db),
  };
}
