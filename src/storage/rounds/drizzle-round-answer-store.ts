import { and, asc, count, eq, sql } from "drizzle-orm";
import type { PlatformName } from "../../domain/ports/chat-platform.js";
import type {
  AnswerFacts,
  AnswerRow,
  RecordAnswerError,
  RecordedAnswer,
  RoundAnswerStore,
  StandingRow,
} from "../../domain/ports/round-store.js";
import type { Result } from "../../domain/result.js";
import type { AnswerHook } from "../answer-hooks.js";
import { AnswerWriter, type AnswerWriterOptions } from "../answers/answer-writer.js";
import type { Db } from "../database.js";
import { selectRows } from "../leaderboards/recount.js";
import { idIn, jsonRows } from "../raw-sql.js";
import { answers, roundQuestions, users } from "../schema/index.js";

/** Round answers on PostgreSQL or PGlite: written in shared transactions with the answer hooks. */
export class DrizzleRoundAnswerStore implements RoundAnswerStore {
  private readonly writer: AnswerWriter;

  constructor(
    private readonly db: Db,
    answerHooks: readonly AnswerHook[] = [],
    writerOptions: AnswerWriterOptions = {},
  ) {
    this.writer = new AnswerWriter(db, answerHooks, writerOptions);
  }

  /**
   * Stores the answer and runs the answer hooks in one transaction, shared with the answers that arrive
   * at the same moment (see `AnswerWriter`): resolves once that transaction has committed.
   */
  recordAnswer(answer: AnswerFacts): Promise<Result<RecordedAnswer, RecordAnswerError>> {
    return this.writer.record(answer);
  }

  async questionAnswers(roundQuestionId: number): Promise<AnswerRow[]> {
    return this.db
      .select({
        userId: answers.userId,
        displayName: users.displayName,
        correct: answers.correct,
        points: answers.points,
        responseMs: answers.responseMs,
        answeredAt: answers.answeredAt,
      })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.userId))
      .where(eq(answers.roundQuestionId, roundQuestionId))
      .orderBy(asc(answers.responseMs), asc(answers.userId));
  }

  async answerCount(roundQuestionId: number): Promise<number> {
    const [row] = await this.db
      .select({ value: count() })
      .from(answers)
      .where(eq(answers.roundQuestionId, roundQuestionId));
    return row?.value ?? 0;
  }

  async standings(roundId: number): Promise<StandingRow[]> {
    const rows = await this.db
      .select({
        userId: answers.userId,
        displayName: users.displayName,
        points: sql<number>`coalesce(sum(${answers.points}), 0)::int`,
        correct: sql<number>`count(*) filter (where ${answers.correct})::int`,
        answered: sql<number>`count(*)::int`,
        totalResponseMs: sql<number>`coalesce(sum(${answers.responseMs}), 0)::bigint`,
        lastCorrectAt: sql<string | null>`max(${answers.answeredAt}) filter (where ${answers.correct})`,
      })
      .from(answers)
      .innerJoin(roundQuestions, eq(roundQuestions.id, answers.roundQuestionId))
      .innerJoin(users, eq(users.id, answers.userId))
      .where(eq(roundQuestions.roundId, roundId))
      .groupBy(answers.userId, users.displayName);
    return rows.map((row) => ({
      ...row,
      totalResponseMs: Number(row.totalResponseMs),
      lastCorrectAt: row.lastCorrectAt === null ? null : new Date(row.lastCorrectAt),
    }));
  }

  async participantCount(roundId: number): Promise<number> {
    const [row] = await this.db
      .select({ value: sql<number>`count(distinct ${answers.userId})::int` })
      .from(answers)
      .innerJoin(roundQuestions, eq(roundQuestions.id, answers.roundQuestionId))
      .where(eq(roundQuestions.roundId, roundId));
    return row?.value ?? 0;
  }

  async previousRoundMembers(roundId: number): Promise<number[]> {
    const rows = await selectRows<{ user_id: number | string }>(
      this.db,
      sql`select distinct a.user_id from answers a
            join round_questions rq on rq.id = a.round_question_id
           where rq.round_id = (
             select p.id from rounds p join rounds r on r.id = ${roundId}
              where p.platform = r.platform and p.workspace_id = r.workspace_id
                and p.channel_id = r.channel_id and p.kind = 'round' and p.id < r.id
                and exists (select 1 from round_questions pq join answers pa on pa.round_question_id = pq.id
                             where pq.round_id = p.id)
              order by p.id desc limit 1)`,
    );
    return rows.map((row) => Number(row.user_id));
  }

  async answeredAmong(roundQuestionId: number, userIds: readonly number[]): Promise<number> {
    if (userIds.length === 0) return 0;
    const [row] = await this.db
      .select({ value: count() })
      .from(answers)
      .where(and(eq(answers.roundQuestionId, roundQuestionId), idIn(answers.userId, userIds)));
    return row?.value ?? 0;
  }

  async answeredAmongMembers(
    roundQuestionId: number,
    platform: PlatformName,
    platformUserIds: readonly string[],
  ): Promise<number> {
    if (platformUserIds.length === 0) return 0;
    // One jsonb parameter for any number of ids, as `idIn` does, so the statement is prepared once.
    const [row] = await this.db
      .select({ value: count() })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.userId))
      .where(
        and(
          eq(answers.roundQuestionId, roundQuestionId),
          eq(users.platform, platform),
          sql`${users.platformUserId} in (select jsonb_array_elements_text(${jsonRows(platformUserIds)}))`,
        ),
      );
    return row?.value ?? 0;
  }
}
