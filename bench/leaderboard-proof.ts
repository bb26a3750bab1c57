import { sql as dsql } from "drizzle-orm";
import postgres from "postgres";
import type { BoardQuery } from "../src/domain/ports/leaderboard-store.js";
import { openPostgres } from "../src/storage/database.js";
import type { DrizzleLeaderboardStore } from "../src/storage/leaderboards/drizzle-leaderboard-store.js";
import { recountedAggregates, recountedStreaks } from "../src/storage/leaderboards/recount.js";

export interface RecountProof {
  /** Figure and streak rows of the recounted groups that differ from the stored ones, either way. */
  readonly differingRows: number;
  /** Boards whose top 10 or caller's rank differ from the recount ranked by the documented order. */
  readonly differingBoards: number;
}

/**
 * Recounts `groups` from the answers table (including the answers recorded during the run) with the
 * set-based recount of `recount.ts`, each group's figures and streaks at once on two connections, and
 * compares every row. Then checks the top 10 and the ranks of 20 sampled callers on the week and
 * all-time boards of `board.group` (one of `groups`) against the recount ranked with a window function.
 * Member n must be user n (a fresh database), so a caller's expected rank is the recount's rank of user n,
 * none when they are not on the board.
 */
export async function proveAgainstRecount(
  url: string,
  groups: readonly number[],
  board: {
    readonly group: number;
    readonly store: DrizzleLeaderboardStore;
    readonly query: (periodKey: string, member: number) => BoardQuery;
    readonly periods: readonly string[];
    readonly pick: () => number;
  },
): Promise<RecountProof> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`create table recount as select * from score_aggregates with no data`;
    await sql`create table recount_streaks as select * from streaks with no data`;
    const database = await openPostgres({ url, poolSize: 2 });
    try {
      for (const groupId of groups) {
        await Promise.all([
          database.db.execute(dsql`insert into recount ${recountedAggregates(groupId)}`),
          database.db.execute(dsql`insert into recount_streaks ${recountedStreaks(groupId)}`),
        ]);
      }
    } finally {
      await database.close();
    }
    const [diff] = await sql<{ n: string }[]>`
      with stored as (select * from score_aggregates where group_id in ${sql(groups)}),
           stored_streaks as (select * from streaks where group_id in ${sql(groups)})
      select (select count(*) from (
                (select * from stored except all select * from recount)
                union all
                (select * from recount except all select * from stored)) a)
           + (select count(*) from (
                (select * from stored_streaks except all select * from recount_streaks)
                union all
                (select * from recount_streaks except all select * from stored_streaks)) s) as n`;
    let differingBoards = 0;
    for (const periodKey of board.periods) {
      const ranked = await sql<{ user_id: string; rank: string }[]>`
        select user_id, row_number() over (
                 order by points desc, correct::float8 / answered desc, reached_at asc, user_id asc) as rank
          from recount where group_id = ${board.group} and period_key = ${periodKey}`;
      const rankOf = new Map(ranked.map((row) => [Number(row.user_id), Number(row.rank)]));
      const onBoard = [...rankOf.keys()];
      for (let i = 0; i < 20; i += 1) {
        // Half the callers from every member, half from the board's own: an hour into a week nearly every
        // member is off the week board, and their ranks would go unchecked.
        const member =
          i % 2 === 0 ? board.pick() : (onBoard[Math.floor(Math.random() * onBoard.length)] ?? 1);
        const result = await board.store.board(board.query(periodKey, member));
        const topMatches =
          result.top.length === Math.min(10, rankOf.size) &&
          result.top.every((row) => rankOf.get(row.userId) === row.rank);
        // A caller off the board may still get a line, unranked, for the running streak it shows (a member
        // who played yesterday and not yet this week): `rank: null`, as the recount has no rank for them.
        const seen = result.caller?.rank ?? undefined;
        const expected = rankOf.get(member);
        if (!topMatches || seen !== expected) {
          differingBoards += 1;
          console.warn(`board ${periodKey} of member ${member} differs: rank ${seen}, recount ${expected}`);
        }
      }
    }
    return { differingRows: Number(diff?.n ?? -1), differingBoards };
  } finally {
    await sql.end();
  }
}
