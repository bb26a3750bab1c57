import type { PlatformName } from "../../domain/ports/chat-platform.js";
import type { GradeRequest } from "../../domain/ports/review-store.js";
import { AGAIN } from "../../domain/reviews/grading.js";
import type { ReviewCard } from "../../domain/reviews/review-card.js";
import type { Tx } from "../database.js";
import { gradeInTransaction } from "./card-rows.js";

/**
 * Work that must commit with a grading that was not Again, such as the leaderboard's daily-streak credit
 * (`creditStreak` from src/storage/leaderboards): reviews count for streaks like answers do. Passed in by
 * the composition root, so reviews do not import the leaderboard.
 */
export type GradedHook = (
  tx: Tx,
  credit: {
    readonly userId: number;
    readonly platform: PlatformName;
    readonly workspaceId: string;
    readonly at: Date;
  },
) => Promise<void>;

/** Grades in the caller's transaction, then runs the hooks when the grade was not Again. */
export async function gradeWithHooks(
  tx: Tx,
  request: GradeRequest,
  hooks: readonly GradedHook[],
): Promise<ReviewCard> {
  const card = await gradeInTransaction(tx, request);
  if (request.grade !== AGAIN) {
    for (const hook of hooks) {
      await hook(tx, {
        userId: request.userId,
        platform: request.platform,
        workspaceId: request.workspaceId,
        at: request.at,
      });
    }
  }
  return card;
}
