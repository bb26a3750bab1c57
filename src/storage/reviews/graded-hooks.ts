import type { PlatformName } from "../../domain/ports/chat-platform.js";
import type { Tx } from "../database.js";

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
