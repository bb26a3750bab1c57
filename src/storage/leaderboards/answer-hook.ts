import { and, sql } from "drizzle-orm";
import {
  advancedStreaks,
  aggregateContributions,
  type StudyActivity,
  streakDays,
  streakKey,
} from "../../domain/leaderboards/answer-contribution.js";
import type { StreakState } from "../../domain/leaderboards/streak.js";
import type { PlatformName } from "../../domain/ports/chat-platform.js";
import type { AnswerHook, StoredAnswer } from "../answer-hooks.js";
import type { Executor, Tx } from "../database.js";
import { idIn, jsonRows } from "../raw-sql.js";
import { streaks } from "../schema/index.js";
import { type CountingGroup, countingGroups, countingGroupsOfBatch, scopeKey } from "./answer-groups.js";

export interface LeaderboardHookOptions {
  /** Time zone of groups created on first use when their channel has none configured. */
  readonly defaultTimeZone: string;
}

/**
 * The leaderboard's answer projection: counts freshly stored answers on every leaderboard they belong to,
 * in the answers' own transaction. What an answer adds (week, month and all-time figures per group, and
 * the streak days of correct ones) is the domain's (`domain/leaderboards/answer-contribution.ts`); this
 * finds the groups and upserts. Figures are only ever added to, never recounted from history, so the cost
 * of an answer does not grow with the history; a batch costs the same few statements as one answer.
 */
export function leaderboardAnswerHook(options: LeaderboardHookOptions): AnswerHook {
  return async (tx, answers) => {
    if (answers.length === 0) return;
    const groupsOf = await countingGroupsOfBatch(
      tx,
      answers.map((answer) => ({
        platform: answer.platform,
        workspaceId: answer.workspaceId,
        channelId: answer.channelId,
        userId: answer.userId,
      })),
      options.defaultTimeZone,
    );
    const counted = answers.map((answer) => ({ answer, groups: groupsOf.get(scopeKey(answer)) ?? [] }));
    await addToAggregates(tx, counted);
    await advanceStreaks(
      tx,
      counted
        .filter(({ answer }) => answer.correct)
        .map(({ answer, groups }) => ({ userId: answer.userId, groups, at: answer.answeredAt })),
    );
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
  await advanceStreaks(tx, [{ userId: credit.userId, groups, at: credit.at }]);
}

async function addToAggregates(
  tx: Executor,
  counted: readonly { answer: StoredAnswer; groups: readonly CountingGroup[] }[],
): Promise<void> {
  const contributions = aggregateContributions(counted.map(({ answer, groups }) => ({ ...answer, groups })));
  if (contributions.length === 0) return;
  const values = contributions.map((row) => ({
    group_id: row.groupId,
    period_key: row.periodKey,
    user_id: row.userId,
    points: row.points,
    answered: row.answered,
    correct: row.correct,
    reached_at: row.reachedAt,
  }));
  // Sorted, so concurrent batches lock shared rows in one order. `reached_at` moves only when the points
  // do: it is the "earliest to reach this score" tie-break, so an answer worth nothing must not make a
  // member later. The same statement adds the batch to each group's period totals
  // (`group_period_figures`, the dashboard's): a row that comes back with exactly the answers this batch
  // added was created by it, so its member is new on that board (every row holds at least one answer).
  await tx.execute(sql`
    with v as (
      select * from jsonb_to_recordset(${jsonRows(values)}) as v(group_id bigint, period_key text, user_id bigint,
             points integer, answered integer, correct integer, reached_at timestamptz)
    ), written as (
      insert into score_aggregates (group_id, period_key, user_id, points, answered, correct, reached_at)
      select v.group_id, v.period_key, v.user_id, v.points, v.answered, v.correct, v.reached_at
        from v
       order by v.group_id, v.period_key, v.user_id
      on conflict (group_id, period_key, user_id) do update
         set points = score_aggregates.points + excluded.points,
             answered = score_aggregates.answered + excluded.answered,
             correct = score_aggregates.correct + excluded.correct,
             reached_at = case when excluded.points <> 0 then excluded.reached_at else score_aggregates.reached_at end
      returning group_id, period_key, user_id, answered
    )
    insert into group_period_figures as f (group_id, period_key, members, answered, correct, points)
    select v.group_id, v.period_key, (count(*) filter (where w.answered = v.answered))::int,
           sum(v.answered), sum(v.correct), sum(v.points)
      from written w
      join v on v.group_id = w.group_id and v.period_key = w.period_key and v.user_id = w.user_id
     group by v.group_id, v.period_key
     order by v.group_id, v.period_key
    on conflict (group_id, period_key) do update
       set members = f.members + excluded.members, answered = f.answered + excluded.answered,
           correct = f.correct + excluded.correct, points = f.points + excluded.points`);
}

async function advanceStreaks(tx: Executor, activities: readonly StudyActivity[]): Promise<void> {
  const touched = streakDays(activities);
  if (touched.size === 0) return;
  const userIds = [...new Set([...touched.values()].map((entry) => entry.userId))];
  const groupIds = [...new Set([...touched.values()].map((entry) => entry.groupId))];
  // Lock the members' streak rows (in key order) so that two answers in different channels or processes
  // cannot both extend from the same state; the rule itself is the domain's (advancedStreaks).
  const existing = await tx
    .select()
    .from(streaks)
    .where(and(idIn(streaks.userId, userIds), idIn(streaks.groupId, groupIds)))
    .orderBy(streaks.groupId, streaks.userId)
    .for("update");
  const before = new Map(existing.map((row) => [streakKey(row.groupId, row.userId), streakState(row)]));
  const changed = advancedStreaks(touched, before).map(({ groupId, userId, lastDay, previous, ...row }) => ({
    ...row,
    group_id: groupId,
    user_id: userId,
    last_day: lastDay,
    previous_length: previous?.length ?? 0,
    previous_last_day: previous?.lastDay ?? null,
    freezes: row.freezes ?? 0,
  }));
  if (changed.length === 0) return;
  await tx.execute(sql`
    insert into streaks (group_id, user_id, current, longest, last_day, previous_length, previous_last_day,
                         freezes)
    select v.group_id, v.user_id, v.current, v.longest, v.last_day, v.previous_length, v.previous_last_day,
           v.freezes
      from jsonb_to_recordset(${jsonRows(changed)}) as v(group_id bigint, user_id bigint, current integer,
           longest integer, last_day date, previous_length integer, previous_last_day date, freezes integer)
     order by v.group_id, v.user_id
    on conflict (group_id, user_id) do update
       set current = excluded.current, longest = excluded.longest, last_day = excluded.last_day,
           previous_length = excluded.previous_length, previous_last_day = excluded.previous_last_day,
           freezes = excluded.freezes`);
}

function streakState(row: typeof streaks.$inferSelect): StreakState {
  const { current, longest, lastDay, previousLength, previousLastDay, freezes } = row;
  const state: StreakState =
    previousLastDay === null || previousLength === 0
      ? { current, longest, lastDay }
      : { current, longest, lastDay, previous: { length: previousLength, lastDay: previousLastDay } };
  return freezes > 0 ? { ...state, freezes } : state;
}
