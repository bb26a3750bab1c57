import { and, count, eq, gte, type SQL, sql } from "drizzle-orm";
import { freezesLeft, liveStreak, maxFreezes } from "../../domain/leaderboards/streak.js";
import type {
  Board,
  BoardQuery,
  BoardRow,
  BoardTarget,
  GroupRecord,
  LeaderboardStore,
} from "../../domain/ports/leaderboard-store.js";
import { addDays } from "../../domain/time/local-time.js";
import type { Db } from "../database.js";
import { scoreAggregates, streaks, studyGroups, users } from "../schema/index.js";
import { ensureImplicitGroups } from "./answer-groups.js";
import { betterOnFirstKey, orderByKeys, type RankKey, tiedOnFirstKeyButAhead } from "./ranking-sql.js";

interface CallerFigures {
  readonly userId: number;
  readonly displayName: string;
  readonly points: number;
  readonly answered: number;
  readonly correct: number;
  readonly reachedAt: Date | null;
  readonly current: number;
  readonly longest: number;
  readonly lastDay: string | null;
  readonly freezes: number;
}

// A row exists only once an answer was counted, so `answered` is never 0 in the division.
const accuracyExpr = sql`(${scoreAggregates.correct}::float8 / ${scoreAggregates.answered})`;

/**
 * Boards from the incremental figures: the top rows come from the front of a ranking index, and the
 * caller's rank is one plus the number of rows ahead of them, so neither reads the whole group.
 */
export class DrizzleLeaderboardStore implements LeaderboardStore {
  constructor(private readonly db: Db) {}

  async findBoardGroup(target: BoardTarget, defaultTimeZone: string): Promise<GroupRecord | undefined> {
    const workspace =
      target.kind === "channel"
        ? { platform: target.place.platform, workspaceId: target.place.workspaceId }
        : target.workspace;
    const kind = target.kind;
    const scopeKey =
      target.kind === "channel" ? target.place.channelId : target.kind === "named" ? target.key : "";
    const select = () =>
      this.db
        .select()
        .from(studyGroups)
        .where(
          and(
            eq(studyGroups.platform, workspace.platform),
            eq(studyGroups.workspaceId, workspace.workspaceId),
            eq(studyGroups.kind, kind),
            eq(studyGroups.scopeKey, scopeKey),
          ),
        );
    let [row] = await select();
    if (!row && target.kind !== "named") {
      await ensureImplicitGroups(
        this.db,
        {
          ...workspace,
          ...(target.kind === "channel" ? { channelId: target.place.channelId } : {}),
        },
        defaultTimeZone,
        { workspace: target.kind === "workspace", channel: target.kind === "channel" },
      );
      [row] = await select();
    }
    return row
      ? { id: row.id, kind: row.kind, name: row.name, ownerUserId: row.ownerUserId, timeZone: row.timeZone }
      : undefined;
  }

  async board(query: BoardQuery): Promise<Board> {
    const yesterday = addDays(query.today, -1);
    // Independent reads, so on a pool they overlap: the board costs two round trips, not four.
    const [caller, top] = await Promise.all([
      this.callerFigures(query),
      query.metric === "streak" ? this.streakTop(query, yesterday) : this.aggregateTop(query),
    ]);
    if (!caller) return { top, caller: undefined };
    const callerRow = {
      userId: caller.userId,
      displayName: caller.displayName,
      points: caller.points,
      answered: caller.answered,
      correct: caller.correct,
      streak:
        caller.lastDay === null
          ? 0
          : liveStreak(
              { current: caller.current, lastDay: caller.lastDay, freezes: caller.freezes },
              query.today,
            ),
      freezes:
        caller.lastDay === null
          ? 0
          : freezesLeft(
              { current: caller.current, lastDay: caller.lastDay, freezes: caller.freezes },
              query.today,
            ),
    };
    const listed = top.find((row) => row.userId === caller.userId);
    if (listed) return { top, caller: listed };
    if (callerRow.answered === 0 && callerRow.streak === 0) return { top, caller: undefined };
    return {
      top,
      caller: { ...callerRow, rank: await this.callerRank(query, caller, callerRow.streak, yesterday) },
    };
  }

  private async callerFigures(query: BoardQuery): Promise<CallerFigures | undefined> {
    const [row] = await this.db
      .select({
        userId: users.id,
        displayName: users.displayName,
        points: sql<number>`coalesce(${scoreAggregates.points}, 0)`,
        answered: sql<number>`coalesce(${scoreAggregates.answered}, 0)`,
        correct: sql<number>`coalesce(${scoreAggregates.correct}, 0)`,
        reachedAt: scoreAggregates.reachedAt,
        current: sql<number>`coalesce(${streaks.current}, 0)`,
        longest: sql<number>`coalesce(${streaks.longest}, 0)`,
        lastDay: streaks.lastDay,
        freezes: sql<number>`coalesce(${streaks.freezes}, 0)`,
      })
      .from(users)
      .leftJoin(
        scoreAggregates,
        and(
          eq(scoreAggregates.userId, users.id),
          eq(scoreAggregates.groupId, query.groupId),
          eq(scoreAggregates.periodKey, query.periodKey),
        ),
      )
      .leftJoin(streaks, and(eq(streaks.userId, users.id), eq(streaks.groupId, query.groupId)))
      .where(and(eq(users.platform, query.caller.platform), eq(users.platformUserId, query.caller.id)));
    return row;
  }

  private aggregateKeys(query: BoardQuery, caller?: CallerFigures): RankKey[] {
    const value = (v: number) => sql`${v}::bigint`;
    const points = {
      expr: sql`${scoreAggregates.points}`,
      descending: true,
      caller: value(caller?.points ?? 0),
    };
    const answered = {
      expr: sql`${scoreAggregates.answered}`,
      descending: true,
      caller: value(caller?.answered ?? 0),
    };
    const accuracy = {
      expr: accuracyExpr,
      descending: true,
      caller: sql`(${caller?.correct ?? 0}::float8 / ${Math.max(caller?.answered ?? 1, 1)})`,
    };
    const earliest = {
      expr: sql`${scoreAggregates.reachedAt}`,
      descending: false,
      caller: sql`${(caller?.reachedAt ?? new Date(0)).toISOString()}::timestamptz`,
    };
    const user = {
      expr: sql`${scoreAggregates.userId}`,
      descending: false,
      caller: value(caller?.userId ?? 0),
    };
    switch (query.metric) {
      case "accuracy":
        return [accuracy, points, earliest, user];
      case "answers":
        return [answered, points, accuracy, earliest, user];
      default:
        return [points, accuracy, earliest, user];
    }
  }

  private aggregateFilter(query: BoardQuery) {
    return and(
      eq(scoreAggregates.groupId, query.groupId),
      eq(scoreAggregates.periodKey, query.periodKey),
      query.metric === "accuracy" ? gte(scoreAggregates.answered, query.minAnswers) : undefined,
    );
  }

  private async aggregateTop(query: BoardQuery): Promise<BoardRow[]> {
    const rows = await this.db
      .select({
        userId: scoreAggregates.userId,
        displayName: users.displayName,
        points: scoreAggregates.points,
        answered: scoreAggregates.answered,
        correct: scoreAggregates.correct,
        current: streaks.current,
        lastDay: streaks.lastDay,
        freezes: streaks.freezes,
      })
      .from(scoreAggregates)
      .innerJoin(users, eq(users.id, scoreAggregates.userId))
      .leftJoin(
        streaks,
        and(eq(streaks.groupId, scoreAggregates.groupId), eq(streaks.userId, scoreAggregates.userId)),
      )
      .where(this.aggregateFilter(query))
      .orderBy(...orderByKeys(this.aggregateKeys(query)))
      .limit(query.limit);
    return rows.map((row, index) => ({
      rank: index + 1,
      userId: row.userId,
      displayName: row.displayName,
      points: row.points,
      answered: row.answered,
      correct: row.correct,
      ...streakFigures(row, query.today),
    }));
  }

  private streakKeys(caller?: CallerFigures): RankKey[] {
    const value = (v: number) => sql`${v}::bigint`;
    return [
      { expr: sql`${streaks.current}`, descending: true, caller: value(caller?.current ?? 0) },
      { expr: sql`${streaks.longest}`, descending: true, caller: value(caller?.longest ?? 0) },
      {
        expr: sql`coalesce(${scoreAggregates.points}, 0)`,
        descending: true,
        caller: value(caller?.points ?? 0),
      },
      { expr: sql`${streaks.userId}`, descending: false, caller: value(caller?.userId ?? 0) },
    ];
  }

  private async streakTop(query: BoardQuery, yesterday: string): Promise<BoardRow[]> {
    const rows = await this.db
      .select({
        userId: streaks.userId,
        displayName: users.displayName,
        points: sql<number>`coalesce(${scoreAggregates.points}, 0)`,
        answered: sql<number>`coalesce(${scoreAggregates.answered}, 0)`,
        correct: sql<number>`coalesce(${scoreAggregates.correct}, 0)`,
        current: streaks.current,
        lastDay: streaks.lastDay,
        freezes: streaks.freezes,
      })
      .from(streaks)
      .innerJoin(users, eq(users.id, streaks.userId))
      .leftJoin(scoreAggregates, streakPeriodJoin(query))
      .where(liveStreaksOf(query, yesterday))
      .orderBy(...orderByKeys(this.streakKeys()))
      .limit(query.limit);
    return rows.map(({ current, lastDay, freezes, ...row }, index) => ({
      rank: index + 1,
      ...row,
      ...streakFigures({ current, lastDay, freezes }, query.today),
    }));
  }

  private async countStreaksAhead(query: BoardQuery, yesterday: string, condition: SQL): Promise<number> {
    const [row] = await this.db
      .select({ value: count() })
      .from(streaks)
      .leftJoin(scoreAggregates, streakPeriodJoin(query))
      .where(and(liveStreaksOf(query, yesterday), condition));
    return row?.value ?? 0;
  }

  private async callerRank(
    query: BoardQuery,
    caller: CallerFigures,
    live: number,
    yesterday: string,
  ): Promise<number | null> {
    if (query.metric === "streak") {
      if (live === 0) return null;
      const keys = this.streakKeys(caller);
      const [better, tied] = await Promise.all([
        this.countStreaksAhead(query, yesterday, betterOnFirstKey(keys)),
        this.countStreaksAhead(query, yesterday, tiedOnFirstKeyButAhead(keys)),
      ]);
      return 1 + better + tied;
    }
    if (caller.answered === 0) return null;
    if (query.metric === "accuracy" && caller.answered < query.minAnswers) return null;
    const keys = this.aggregateKeys(query, caller);
    // Two counts rather than one OR: the first is a pure index range (often index-only), the second
    // touches only the members tied with the caller on the first key.
    const ahead = (condition: SQL) =>
      this.db
        .select({ value: count() })
        .from(scoreAggregates)
        .where(and(this.aggregateFilter(query), condition))
        .then(([row]) => row?.value ?? 0);
    const [better, tied] = await Promise.all([
      ahead(betterOnFirstKey(keys)),
      ahead(tiedOnFirstKeyButAhead(keys)),
    ]);
    return 1 + better + tied;
  }
}

/** The live streak and the freezes left today, from a stored streak row (absent: none). */
function streakFigures(
  row: { current: number | null; lastDay: string | null; freezes: number | null },
  today: string,
): { streak: number; freezes: number } {
  if (row.current === null || row.lastDay === null) return { streak: 0, freezes: 0 };
  const state = { current: row.current, lastDay: row.lastDay, freezes: row.freezes ?? 0 };
  return { streak: liveStreak(state, today), freezes: freezesLeft(state, today) };
}

function streakPeriodJoin(query: BoardQuery): SQL | undefined {
  return and(
    eq(scoreAggregates.groupId, streaks.groupId),
    eq(scoreAggregates.userId, streaks.userId),
    eq(scoreAggregates.periodKey, query.periodKey),
  );
}

/**
 * Live streaks only: a streak whose last day is before yesterday is over, unless the freezes it holds
 * cover the days between (at most `maxFreezes`, so the range on `last_day` stays an index range).
 */
function liveStreaksOf(query: BoardQuery, yesterday: string): SQL | undefined {
  return and(
    eq(streaks.groupId, query.groupId),
    gte(streaks.lastDay, addDays(yesterday, -maxFreezes)),
    sql`${streaks.lastDay} + ${streaks.freezes} >= ${yesterday}::date`,
  );
}
