import { sql } from "drizzle-orm";
import type { PlatformName } from "../../domain/ports/chat-platform.js";
import type { AnswerFacts, RecordAnswerError, RecordedAnswer } from "../../domain/ports/round-store.js";
import { answerOption } from "../../domain/questions/answer-option.js";
import { err, ok, type Result } from "../../domain/result.js";
import type { AnswerHook, StoredAnswer } from "../answer-hooks.js";
import type { Db, Executor, Tx } from "../database.js";
import { sqlState } from "../errors.js";
import { idIn, jsonRows, rowsOf } from "../raw-sql.js";
import { ensureUser } from "../repositories/users.js";
import { roundQuestions, rounds } from "../schema/index.js";
import { GroupCommit } from "./group-commit.js";

export type AnswerWriteResult = Result<RecordedAnswer, RecordAnswerError>;

export interface AnswerWriterOptions {
  /** Most answers in one transaction. */
  readonly maxBatch?: number;
  /** Transactions in flight at once; keep below the connection pool size. */
  readonly maxConcurrent?: number;
}

/** Deadlock and serialisation failures: the whole transaction may simply run again. */
const retryableStates = new Set(["40P01", "40001"]);
const maxAttempts = 4;

/**
 * Stores answers and runs the answer hooks, many answers to a transaction (group commit): under a burst
 * the answers that arrive while one transaction is in flight go together in the next, so a thousand
 * answers cost a few set-based statements and commits each, not a thousand of each. An answer's promise
 * settles only after its transaction has committed, so every acknowledged answer is stored.
 *
 * Each answer is inserted only while its question is open at `answeredAt` (the database decides, whatever
 * a process cached), and the unique (round question, member) index turns a second answer into
 * `already_answered`, within a batch, across batches and across processes alike.
 */
export class AnswerWriter {
  /** Member ids by identity and name, learned from committed transactions: they never change. */
  private readonly userIds = new Map<string, number>();
  private readonly queue: GroupCommit<AnswerFacts, AnswerWriteResult>;

  constructor(
    private readonly db: Db,
    private readonly hooks: readonly AnswerHook[],
    options: AnswerWriterOptions = {},
  ) {
    this.queue = new GroupCommit({
      write: (batch) => this.writeBatch(batch),
      maxBatch: options.maxBatch ?? 500,
      maxConcurrent: options.maxConcurrent ?? 2,
      // A failure with an SQL state of its own (bad data, a constraint) may be one answer's doing; a
      // connection that dropped has none and would fail every answer alike.
      retryAlone: (error) => {
        const state = sqlState(error);
        return state !== undefined && !state.startsWith("08") && !state.startsWith("57");
      },
    });
  }

  record(answer: AnswerFacts): Promise<AnswerWriteResult> {
    return this.queue.submit(answer);
  }

  /** Resolves once every answer handed in so far is written or refused. */
  drained(): Promise<void> {
    return this.queue.drained();
  }

  private async writeBatch(batch: readonly AnswerFacts[]): Promise<AnswerWriteResult[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const learned = new Map<string, number>();
        const outcomes = await this.db.transaction((tx) => this.writeInTransaction(tx, batch, learned));
        if (this.userIds.size + learned.size > 100_000) this.userIds.clear();
        for (const [key, id] of learned) this.userIds.set(key, id);
        return outcomes;
      } catch (error) {
        const state = sqlState(error);
        if (attempt >= maxAttempts || state === undefined || !retryableStates.has(state)) throw error;
      }
    }
  }

  private async writeInTransaction(
    tx: Tx,
    batch: readonly AnswerFacts[],
    learned: Map<string, number>,
  ): Promise<AnswerWriteResult[]> {
    const userIds = await this.userIdsOf(tx, batch, learned);
    const rows = batch.map((answer, index) => ({ answer, index, userId: userIds[index] as number }));
    const keyOf = (roundQuestionId: number, userId: number) => `${roundQuestionId}:${userId}`;
    // The first delivery of a (question, member) pair in the batch is the one that counts; the unique
    // index refuses the rest, but one insert may not meet its own row twice, so they are set aside here.
    const firsts = new Map<string, (typeof rows)[number]>();
    for (const row of rows) {
      const key = keyOf(row.answer.roundQuestionId, row.userId);
      if (!firsts.has(key)) firsts.set(key, row);
    }
    const inserted = await insertAnswers(tx, [...firsts.values()]);
    const refused = [...firsts.entries()].filter(([key]) => !inserted.has(key)).map(([, row]) => row);
    // A refused answer is a repeat if the member's answer is already stored, otherwise too late.
    const existing = refused.length > 0 ? await existingAnswers(tx, refused) : new Set<string>();

    const stored: StoredAnswer[] = [];
    if (this.hooks.length > 0) {
      const places = await placesOf(
        tx,
        [...firsts.entries()].filter(([key]) => inserted.has(key)).map(([, row]) => row.answer),
      );
      for (const row of firsts.values()) {
        const answerId = inserted.get(keyOf(row.answer.roundQuestionId, row.userId));
        const where = places.get(row.answer.roundQuestionId);
        if (answerId === undefined || !where) continue;
        stored.push({
          answerId,
          userId: row.userId,
          questionId: row.answer.questionId,
          correct: row.answer.correct,
          points: row.answer.points,
          responseMs: row.answer.responseMs,
          answeredAt: row.answer.answeredAt,
          platform: where.platform,
          workspaceId: where.workspaceId,
          channelId: where.channelId,
          roundKind: where.roundKind,
          option: answerOption(row.answer.response),
        });
      }
      for (const hook of this.hooks) await hook(tx, stored);
    }

    return rows.map((row) => {
      const key = keyOf(row.answer.roundQuestionId, row.userId);
      const answerId = inserted.get(key);
      if (answerId !== undefined) {
        return firsts.get(key) === row ? ok({ answerId, userId: row.userId }) : err("already_answered");
      }
      return err(existing.has(key) ? "already_answered" : "question_closed");
    });
  }

  /** Each answer's member id, in batch order: from the cache, or one upsert for every member not in it. */
  private async userIdsOf(
    tx: Tx,
    batch: readonly AnswerFacts[],
    learned: Map<string, number>,
  ): Promise<number[]> {
    const keyOf = (user: AnswerFacts["user"]) => `${user.platform}\u0000${user.id}\u0000${user.displayName}`;
    const unknown = new Map<string, AnswerFacts["user"]>();
    for (const answer of batch) {
      const key = keyOf(answer.user);
      if (!this.userIds.has(key)) unknown.set(key, answer.user);
    }
    if (unknown.size > 0) {
      const written = await upsertUsers(tx, [...unknown.values()]);
      for (const [key, user] of unknown) {
        // A member created by another process after this statement's snapshot: look them up alone.
        const id = written.get(identityKey(user.platform, user.id)) ?? (await ensureUser(tx, user));
        learned.set(key, id);
      }
    }
    return batch.map((answer) => {
      const key = keyOf(answer.user);
      return (this.userIds.get(key) ?? learned.get(key)) as number;
    });
  }
}

function identityKey(platform: string, platformUserId: string): string {
  return `${platform}\u0000${platformUserId}`;
}

/**
 * Creates the members not seen before and renames those whose display name changed, in one statement;
 * returns the id of every member given, by identity.
 */
async function upsertUsers(
  tx: Executor,
  members: readonly AnswerFacts["user"][],
): Promise<Map<string, number>> {
  // One row per identity (an upsert may not touch a row twice), in key order so that concurrent
  // batches take the rows' locks in one order.
  const unique = [...new Map(members.map((user) => [identityKey(user.platform, user.id), user])).values()];
  const values = unique.map((user) => ({
    platform: user.platform,
    platform_user_id: user.id,
    display_name: user.displayName,
  }));
  const result = await tx.execute(sql`
    with v as (
      select * from jsonb_to_recordset(${jsonRows(values)}) as v(platform text, platform_user_id text, display_name text)
    ), written as (
      insert into users (platform, platform_user_id, display_name)
      select v.platform, v.platform_user_id, v.display_name from v order by v.platform, v.platform_user_id
      on conflict (platform, platform_user_id) do update
         set display_name = excluded.display_name, updated_at = now()
       -- Skip the write (and its row lock) when nothing changed: the common case.
       where users.display_name is distinct from excluded.display_name
      returning id, platform, platform_user_id
    )
    select id, platform, platform_user_id from written
    union all
    select u.id, u.platform, u.platform_user_id
      from users u join v on u.platform = v.platform and u.platform_user_id = v.platform_user_id
     where not exists (select 1 from written w where w.id = u.id)`);
  const ids = new Map<string, number>();
  for (const row of rowsOf<{ id: number | string; platform: string; platform_user_id: string }>(result)) {
    ids.set(identityKey(row.platform, row.platform_user_id), Number(row.id));
  }
  return ids;
}

interface AnswerRowToInsert {
  readonly answer: AnswerFacts;
  readonly userId: number;
}

/** Inserts the answers whose question is still open; returns the new ids by (round question, member). */
async function insertAnswers(tx: Executor, rows: readonly AnswerRowToInsert[]): Promise<Map<string, number>> {
  const values = rows.map(({ answer, userId }) => ({
    round_question_id: answer.roundQuestionId,
    user_id: userId,
    question_id: answer.questionId,
    response: answer.response,
    correct: answer.correct,
    points: answer.points,
    response_ms: answer.responseMs,
    answered_at: answer.answeredAt.toISOString(),
  }));
  const result = await tx.execute(sql`
    insert into answers (round_question_id, user_id, question_id, response, correct, points, response_ms, answered_at)
    select v.round_question_id, v.user_id, v.question_id, v.response, v.correct, v.points, v.response_ms, v.answered_at
      from jsonb_to_recordset(${jsonRows(values)})
           as v(round_question_id bigint, user_id bigint, question_id text, response jsonb, correct boolean,
                points integer, response_ms integer, answered_at timestamptz)
      join round_questions rq on rq.id = v.round_question_id
      join rounds r on r.id = rq.round_id
     where r.status = 'open' and rq.opened_at is not null and rq.closed_at is null
       and (rq.closes_at is null or rq.closes_at >= v.answered_at)
     order by v.round_question_id, v.user_id
    on conflict (round_question_id, user_id) do nothing
    returning id, round_question_id, user_id`);
  const ids = new Map<string, number>();
  for (const row of rowsOf<{
    id: number | string;
    round_question_id: number | string;
    user_id: number | string;
  }>(result)) {
    ids.set(`${Number(row.round_question_id)}:${Number(row.user_id)}`, Number(row.id));
  }
  return ids;
}

/** Of the given (round question, member) pairs, those that already have an answer. */
async function existingAnswers(tx: Executor, rows: readonly AnswerRowToInsert[]): Promise<Set<string>> {
  const keys = rows.map(({ answer, userId }) => ({
    round_question_id: answer.roundQuestionId,
    user_id: userId,
  }));
  const result = await tx.execute(sql`
    select a.round_question_id, a.user_id
      from answers a
      join jsonb_to_recordset(${jsonRows(keys)}) as k(round_question_id bigint, user_id bigint)
        on a.round_question_id = k.round_question_id and a.user_id = k.user_id`);
  return new Set(
    rowsOf<{ round_question_id: number | string; user_id: number | string }>(result).map(
      (row) => `${Number(row.round_question_id)}:${Number(row.user_id)}`,
    ),
  );
}

interface AnswerPlace {
  readonly platform: PlatformName;
  readonly workspaceId: string;
  readonly channelId: string;
  readonly roundKind: "round" | "daily";
}

/**
 * Where each answered round question runs, for the hooks: the engine says so with each answer; other
 * callers may leave it out and it is read here, once for the batch.
 */
async function placesOf(tx: Executor, stored: readonly AnswerFacts[]): Promise<Map<number, AnswerPlace>> {
  const places = new Map<number, AnswerPlace>();
  const unknown = new Set<number>();
  for (const answer of stored) {
    if (answer.place && answer.roundKind) {
      places.set(answer.roundQuestionId, { ...answer.place, roundKind: answer.roundKind });
    } else {
      unknown.add(answer.roundQuestionId);
    }
  }
  if (unknown.size === 0) return places;
  const rows = await tx
    .select({
      roundQuestionId: roundQuestions.id,
      platform: rounds.platform,
      workspaceId: rounds.workspaceId,
      channelId: rounds.channelId,
      kind: rounds.kind,
    })
    .from(roundQuestions)
    .innerJoin(rounds, sql`${rounds.id} = ${roundQuestions.roundId}`)
    .where(idIn(roundQuestions.id, [...unknown]));
  for (const row of rows) {
    places.set(row.roundQuestionId, {
      platform: row.platform as PlatformName,
      workspaceId: row.workspaceId,
      channelId: row.channelId,
      roundKind: row.kind,
    });
  }
  return places;
}
