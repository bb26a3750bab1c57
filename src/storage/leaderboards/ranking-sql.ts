import { and, or, type SQL, sql } from "drizzle-orm";

/** One step of a board's order (domain/leaderboards/ranking.ts), as a SQL expression. */
export interface RankKey {
  readonly expr: SQL;
  readonly descending: boolean;
  /** The caller's value of `expr`, as a parameter. */
  readonly caller: SQL;
}

export function orderByKeys(keys: readonly RankKey[]): SQL[] {
  return keys.map((key) => (key.descending ? sql`${key.expr} desc` : sql`${key.expr} asc`));
}

/** Rows strictly better than the caller on the first key: an index range, counted without the table. */
export function betterOnFirstKey(keys: readonly RankKey[]): SQL {
  const [first] = keys;
  if (!first) throw new Error("a board needs at least one rank key");
  return better(first);
}

/** Rows tied with the caller on the first key but ahead of them on a later key: usually few. */
export function tiedOnFirstKeyButAhead(keys: readonly RankKey[]): SQL {
  const [first, ...rest] = keys;
  if (!first) throw new Error("a board needs at least one rank key");
  return and(equal(first), lexicographicallyAhead(rest)) ?? sql`false`;
}

function lexicographicallyAhead(keys: readonly RankKey[]): SQL {
  const [first, ...rest] = keys;
  if (!first) return sql`false`;
  return or(better(first), and(equal(first), lexicographicallyAhead(rest))) ?? sql`false`;
}

function better(key: RankKey): SQL {
  return key.descending ? sql`${key.expr} > ${key.caller}` : sql`${key.expr} < ${key.caller}`;
}

function equal(key: RankKey): SQL {
  return sql`${key.expr} = ${key.caller}`;
}
