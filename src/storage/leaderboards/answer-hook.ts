import { and, eq, inArray, sql } from "drizzle-orm";
import { localDay } from "../../domain/leaderboards/local-day.js";
import { periodKeys } from "../../domain/leaderboards/periods.js";
import { advanceStreak } from "../../domain/leaderboards/streak.js";
import type { PlatformName } from "../../domain/ports/chat-platform.js";
import type { AnswerHook, StoredAnswer } from "../answer-hooks.js";
import type { Executor, Tx } from "../database.js";
import { scoreAggregates, streaks } from "../schema/index.js";
import { type CountingGroup, countingGroups } from "./answer-groups.js";

export interface LeaderboardHookOptions {
  /** Time zone of groups created on first use when their channel has none configured. */
  readonly defaultTimeZone: string;
}

/**
 * Counts a freshly stored answer on every leaderboard it belongs to, in the answer's own transaction:
 * week, month and all-time figures of each group (periods in that group's time zone) and, for a correct
 * answer, the member's streak. Figures are only ever added to, never recounted from history, so the
 * cost of an answer does not grow with the history.
 */
export function leaderboardAnswerHook(options: LeaderboardHookOptions): AnswerHook {
  return async (tx, answer) => {
    const groups = await countingGroups(
      tx,
      {
        platform: answer.platform,
        workspaceId: answer.workspaceId,
        channelId: answer.channelId,
        userId: answer.userId,
      },
      options.defaultTimeZone,
    );
    await addToAggregates(tx, groups, answer);
    if (answer.correct) await advanceStreaks(tx, groups, answer.userId, answer.answeredAt);
  };
}

export interface StreakCredit {
  readonly userId: number;
  readonly platform: PlatformName;
  readonly workspaceId: string;
  readonly at: Date;
  /** For a workspace group created by this credit; "UTC" when not given. */
  readonly defaultTimeZone?: string;
}

/**
 * Counts a day of study for streaks without any points: a review graded better than Again. Reviews are
 * private, so the credit goes to the workspace group and the member's named groups, not to a channel.
 * Call it inside the transaction that stores the grading.
 */
export async function creditStreak(tx: Tx, credit: StreakCredit): Promise<void> {
  const groups = await countingGroups(
    tx,
    { platform: credit.platform, workspaceId: credit.workspaceId, userId: credit.userId },
    credit.defaultTimeZone ?? "UTC",
  );
  await advanceStreaks(tx, groups, credit.userId, credit.at);
}

async function addToAggregates(
  tx: Executor,
  groups: readonly CountingGroup[],
  answer: StoredAnswer,
): Promise<void> {
  if (groups.length === 0) return;
  const rows = groups.flatMap((group) => {
    const keys = periodKeys(answer.answeredAt, group.timeZone);
    return [keys.week, keys.month, keys.all].map((periodKey) => ({
      groupId: group.id,
      periodKey,
      userId: answer.userId,
      points: answer.points,
      answered: 1,
      correct: answer.correct ? 1 : 0,
      reachedAt: answer.answeredAt,
    }));
  });
  // One statement for every group and period. `reached_at` moves only when the points do: it is the
  // "earliest to reach this score" tie-break, so an answer worth nothing must not make a member later.
  await tx
    .insert(scoreAggregates)
    .values(rows)
    .onConflictDoUpdate({
      target: [scoreAggregates.groupId, scoreAggregates.periodKey, scoreAggregates.userId],
      set: {
        points: sql`${scoreAggregates.points} + excluded.points`,
        answered: sql`${scoreAggregates.answered} + excluded.answered`,
        correct: sql`${scoreAggregates.correct} + excluded.correct`,
        reachedAt: sql`case when excluded.points <> 0 then excluded.reached_at else ${scoreAggregates.reachedAt} end`,
      },
    });
}

async function advanceStreaks(
  tx: Executor,
  groups: readonly CountingGroup[],
  userId: number,
  at: Date,
): Promise<void> {
  if (groups.length === 0) return;
  // Lock the member's streak rows so that two answers in different channels at once cannot both extend
  // from the same state; the rule itself stays in the domain (advanceStreak).
  const existing = await tx
    .select()
    .from(streaks)
    .where(
      and(
        eq(streaks.userId, userId),
        inArray(
          streaks.groupId,
          groups.map((group) => group.id),
        ),
      ),
    )
    .for("update");
  const byGroup = new Map(existing.map((row) => [row.groupId, row]));
  const changed = groups.flatMap((group) => {
    const before = byGroup.get(group.id);
    const after = advanceStreak(before, localDay(at, group.timeZone));
    return after === before ? [] : [{ groupId: group.id, userId, ...after }];
  });
  if (changed.length === 0) return;
  await tx
    .insert(streaks)
    .values(changed)
    .onConflictDoUpdate({
      target: [streaks.groupId, streaks.userId],
      set: {
        current: sql`excluded.current`,
        longest: sql`excluded.longest`,
        lastDay: sql`excluded.last_day`,
      },
    });
}
