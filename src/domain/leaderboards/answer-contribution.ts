import { localDay } from "../time/local-time.js";
import { periodKeys } from "./periods.js";
import { advanceStreak, maxFreezes, type StreakState } from "./streak.js";

/** A leaderboard group an answer counts in, with the time zone its weeks, months and days are in. */
export interface CountingGroupRef {
  readonly id: number;
  readonly timeZone: string;
  /** Whether the group's members earn and use streak freezes (absent: no). */
  readonly streakFreezes?: boolean;
}

export interface CountedAnswer {
  readonly userId: number;
  readonly points: number;
  readonly correct: boolean;
  readonly answeredAt: Date;
  readonly groups: readonly CountingGroupRef[];
}

/** What a batch of answers adds to one member's figures for one group and period. */
export interface AggregateContribution {
  readonly groupId: number;
  readonly periodKey: string;
  readonly userId: number;
  readonly points: number;
  readonly answered: number;
  readonly correct: number;
  /**
   * The "earliest to reach this score" tie-break: the latest answer with points, else the earliest
   * answer (as the recount defines it). Storage moves it only when points were added.
   */
  readonly reachedAt: Date;
}

/**
 * What answers add to the leaderboards: for each group they count in, the week, month and all-time
 * figures of the member (periods in the group's time zone), one contribution per (group, period,
 * member), in that key order so concurrent writers lock shared rows in one order.
 */
export function aggregateContributions(answers: readonly CountedAnswer[]): AggregateContribution[] {
  const rows = new Map<string, AggregateContribution & { firstAt: Date; scoredAt: Date | undefined }>();
  for (const answer of answers) {
    for (const group of answer.groups) {
      const keys = periodKeys(answer.answeredAt, group.timeZone);
      for (const periodKey of [keys.week, keys.month, keys.all]) {
        const key = `${group.id}\u0000${periodKey}\u0000${answer.userId}`;
        const row = rows.get(key);
        const scored = answer.points !== 0 ? answer.answeredAt : undefined;
        const scoredAt =
          row?.scoredAt && scored && row.scoredAt > scored ? row.scoredAt : (scored ?? row?.scoredAt);
        const firstAt = row && row.firstAt < answer.answeredAt ? row.firstAt : answer.answeredAt;
        rows.set(key, {
          groupId: group.id,
          periodKey,
          userId: answer.userId,
          points: (row?.points ?? 0) + answer.points,
          answered: (row?.answered ?? 0) + 1,
          correct: (row?.correct ?? 0) + (answer.correct ? 1 : 0),
          reachedAt: scoredAt ?? firstAt,
          firstAt,
          scoredAt,
        });
      }
    }
  }
  return [...rows.values()]
    .map(({ firstAt: _first, scoredAt: _scored, ...row }) => row)
    .sort(
      (a, b) =>
        a.groupId - b.groupId ||
        (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0) ||
        a.userId - b.userId,
    );
}

/** A day of study: a correct answer, or a review graded better than Again. */
export interface StudyActivity {
  readonly userId: number;
  readonly groups: readonly CountingGroupRef[];
  readonly at: Date;
}

/** The (group, member) streaks a batch of study touches, each with the local days it adds. */
export function streakDays(activities: readonly StudyActivity[]) {
  const days = new Map<string, { groupId: number; userId: number; freezes: boolean; days: string[] }>();
  for (const activity of activities) {
    for (const group of activity.groups) {
      const key = streakKey(group.id, activity.userId);
      const entry = days.get(key) ?? {
        groupId: group.id,
        userId: activity.userId,
        freezes: group.streakFreezes ?? false,
        days: [],
      };
      entry.days.push(localDay(activity.at, group.timeZone));
      days.set(key, entry);
    }
  }
  return days;
}

export const streakKey = (groupId: number, userId: number) => `${groupId}\u0000${userId}`;

/** The streaks that change when the touched ones advance over their new days, from their stored states. */
export function advancedStreaks(
  touched: ReturnType<typeof streakDays>,
  before: ReadonlyMap<string, StreakState>,
): (StreakState & { readonly groupId: number; readonly userId: number })[] {
  return [...touched.entries()].flatMap(([key, entry]) => {
    const start = before.get(key);
    const cap = entry.freezes ? maxFreezes : 0;
    const after = [...entry.days]
      .sort()
      .reduce<StreakState | undefined>((state, day) => advanceStreak(state, day, cap), start);
    return after === start || !after ? [] : [{ groupId: entry.groupId, userId: entry.userId, ...after }];
  });
}
