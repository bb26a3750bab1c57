import { and, asc, count, eq, isNull, lte, sql } from "drizzle-orm";
import type { MessageRef, Place, PlatformName } from "../../domain/ports/chat-platform.js";
import type {
  AnswerFacts,
  AnswerRow,
  CreateRoundError,
  NewRound,
  RecordAnswerError,
  RecordedAnswer,
  RoundQuestionRecord,
  RoundRecord,
  RoundStore,
  StandingRow,
} from "../../domain/ports/round-store.js";
import { err, ok, type Result } from "../../domain/result.js";
import type { AnswerHook } from "../answer-hooks.js";
import { AnswerWriter, type AnswerWriterOptions } from "../answers/answer-writer.js";
import type { Db } from "../database.js";
import { sqlState, uniqueViolation } from "../errors.js";
import { dailyTimeZone } from "../schedules/daily-time-zone.js";
import { answers, roundQuestions, rounds, scheduleSlots, users } from "../schema/index.js";
import { ensureUser } from "./users.js";

type RoundRow = typeof rounds.$inferSelect;
type RoundQuestionRow = typeof roundQuestions.$inferSelect;

export class DrizzleRoundStore implements RoundStore {
  private readonly writer: AnswerWriter;

  constructor(
    private readonly db: Db,
    answerHooks: readonly AnswerHook[] = [],
    writerOptions: AnswerWriterOptions = {},
  ) {
    this.writer = new AnswerWriter(db, answerHooks, writerOptions);
  }

  async createRound(round: NewRound): Promise<Result<RoundRecord, CreateRoundError>> {
    try {
      const created = await this.db.transaction(async (tx) => {
        const { slot, openAll } = round;
        if (slot) {
          // Of every process inserting this (schedule, slot) key, exactly one gets its row back.
          const [won] = await tx
            .insert(scheduleSlots)
            .values({ scheduleId: slot.scheduleId, slotAt: slot.slotAt, claimedBy: slot.claimant })
            .onConflictDoNothing()
            .returning({ scheduleId: scheduleSlots.scheduleId });
          if (!won) return undefined;
        }
        const [row] = await tx
          .insert(rounds)
          .values({
            platform: round.place.platform,
            workspaceId: round.place.workspaceId,
            channelId: round.place.channelId,
            kind: round.kind,
            mode: round.mode,
            startedBy: round.startedBy ? await ensureUser(tx, round.startedBy) : null,
            packId: round.packId,
            topic: round.topic,
            questionCount: round.questions.length,
            secondsPerQuestion: round.secondsPerQuestion,
            seed: round.seed,
            ...(openAll ? { currentPosition: round.questions.length - 1 } : {}),
          })
          .returning();
        if (!row) throw new Error("insert returned no round");
        await tx.insert(roundQuestions).values(
          round.questions.map((question, position) => ({
            roundId: row.id,
            position,
            questionId: question.questionId,
            optionOrder: question.optionOrder ? [...question.optionOrder] : null,
            ...(openAll ? { openedAt: openAll.at, closesAt: openAll.closesAt } : {}),
          })),
        );
        if (slot) {
          await tx
            .update(scheduleSlots)
            .set({ roundId: row.id, closesAt: openAll?.closesAt ?? null })
            .where(and(eq(scheduleSlots.scheduleId, slot.scheduleId), eq(scheduleSlots.slotAt, slot.slotAt)));
        }
        return row;
      });
      if (!created) return err("slot_taken");
      return ok(await this.withStarter(created));
    } catch (error) {
      // The partial unique index allows one open round per channel, across processes.
      if (sqlState(error) === uniqueViolation) return err("channel_busy");
      throw error;
    }
  }

  async findOpenRound(place: Place): Promise<RoundRecord | undefined> {
    return this.findOpen(place, "round");
  }

  async findOpenDailyRound(place: Place): Promise<RoundRecord | undefined> {
    return this.findOpen(place, "daily");
  }

  /** The oldest open round of a kind in a channel (at most one interactive round is ever open there). */
  private async findOpen(place: Place, kind: "round" | "daily"): Promise<RoundRecord | undefined> {
    const [row] = await this.db
      .select()
      .from(rounds)
      .where(
        and(
          eq(rounds.platform, place.platform),
          eq(rounds.workspaceId, place.workspaceId),
          eq(rounds.channelId, place.channelId),
          eq(rounds.status, "open"),
          eq(rounds.kind, kind),
        ),
      )
      .orderBy(asc(rounds.id))
      .limit(1);
    return row ? this.withStarter(row) : undefined;
  }

  async getRound(roundId: number): Promise<RoundRecord | undefined> {
    const [row] = await this.db.select().from(rounds).where(eq(rounds.id, roundId));
    return row ? this.withStarter(row) : undefined;
  }

  async listOpenRounds(): Promise<RoundRecord[]> {
    const rows = await this.db.select().from(rounds).where(eq(rounds.status, "open")).orderBy(asc(rounds.id));
    return Promise.all(rows.map((row) => this.withStarter(row)));
  }

  async listRoundQuestions(roundId: number): Promise<RoundQuestionRecord[]> {
    const rows = await this.db
      .select()
      .from(roundQuestions)
      .where(eq(roundQuestions.roundId, roundId))
      .orderBy(asc(roundQuestions.position));
    return rows.map(toRoundQuestion);
  }

  async getRoundQuestion(roundQuestionId: number): Promise<RoundQuestionRecord | undefined> {
    const [row] = await this.db.select().from(roundQuestions).where(eq(roundQuestions.id, roundQuestionId));
    return row ? toRoundQuestion(row) : undefined;
  }

  async openQuestion(
    roundId: number,
    position: number,
    openedAt: Date,
    closesAt: Date,
  ): Promise<{ question: RoundQuestionRecord; opened: boolean } | undefined> {
    return this.db.transaction(async (tx) => {
      const opened = await tx
        .update(roundQuestions)
        .set({ openedAt, closesAt })
        .where(
          and(
            eq(roundQuestions.roundId, roundId),
            eq(roundQuestions.position, position),
            isNull(roundQuestions.openedAt),
          ),
        )
        .returning({ id: roundQuestions.id });
      await tx
        .update(rounds)
        .set({ currentPosition: position })
        .where(and(eq(rounds.id, roundId), sql`${rounds.currentPosition} < ${position}`));
      const [row] = await tx
        .select()
        .from(roundQuestions)
        .where(and(eq(roundQuestions.roundId, roundId), eq(roundQuestions.position, position)));
      return row ? { question: toRoundQuestion(row), opened: opened.length === 1 } : undefined;
    });
  }

  async claimOrphanedQuestion(roundQuestionId: number, claimant: string, olderThan: Date): Promise<boolean> {
    const claimed = await this.db
      .update(roundQuestions)
      .set({ message: { claimedBy: claimant } })
      .where(
        and(
          eq(roundQuestions.id, roundQuestionId),
          isNull(roundQuestions.message),
          isNull(roundQuestions.closedAt),
          lte(roundQuestions.openedAt, olderThan),
        ),
      )
      .returning({ id: roundQuestions.id });
    return claimed.length === 1;
  }

  async releaseQuestionClaim(roundQuestionId: number, claimant: string): Promise<void> {
    await this.db
      .update(roundQuestions)
      .set({ message: null })
      .where(
        and(
          eq(roundQuestions.id, roundQuestionId),
          sql`${roundQuestions.message} = ${JSON.stringify({ claimedBy: claimant })}::jsonb`,
        ),
      );
  }

  async listOrphanedQuestions(olderThan: Date): Promise<RoundQuestionRecord[]> {
    const rows = await this.db
      .select({ question: roundQuestions })
      .from(roundQuestions)
      .innerJoin(rounds, eq(rounds.id, roundQuestions.roundId))
      .where(
        and(
          eq(rounds.status, "open"),
          isNull(roundQuestions.message),
          isNull(roundQuestions.closedAt),
          lte(roundQuestions.openedAt, olderThan),
        ),
      );
    return rows.map((row) => toRoundQuestion(row.question));
  }

  async listStalledRounds(closedBefore: Date): Promise<RoundRecord[]> {
    const rows = await this.db
      .select({ round: rounds })
      .from(rounds)
      .innerJoin(
        roundQuestions,
        and(eq(roundQuestions.roundId, rounds.id), eq(roundQuestions.position, rounds.currentPosition)),
      )
      .where(and(eq(rounds.status, "open"), lte(roundQuestions.closedAt, closedBefore)));
    return Promise.all(rows.map((row) => this.withStarter(row.round)));
  }

  async listUnsummarisedRounds(): Promise<RoundRecord[]> {
    const rows = await this.db
      .select()
      .from(rounds)
      .where(and(sql`${rounds.status} <> 'open'`, isNull(rounds.summaryMessage)));
    return Promise.all(rows.map((row) => this.withStarter(row)));
  }

  async claimSummary(roundId: number, claimant: string): Promise<boolean> {
    const claimed = await this.db
      .update(rounds)
      .set({ summaryMessage: { claimedBy: claimant } })
      .where(and(eq(rounds.id, roundId), isNull(rounds.summaryMessage), sql`${rounds.status} <> 'open'`))
      .returning({ id: rounds.id });
    return claimed.length === 1;
  }

  async setQuestionMessage(roundQuestionId: number, message: MessageRef): Promise<void> {
    await this.db.update(roundQuestions).set({ message }).where(eq(roundQuestions.id, roundQuestionId));
  }

  async closeQuestion(roundQuestionId: number, closedAt: Date): Promise<boolean> {
    const closed = await this.db
      .update(roundQuestions)
      .set({ closedAt })
      .where(and(eq(roundQuestions.id, roundQuestionId), isNull(roundQuestions.closedAt)))
      .returning({ id: roundQuestions.id });
    return closed.length === 1;
  }

  async listExpiredQuestions(now: Date): Promise<RoundQuestionRecord[]> {
    const rows = await this.db
      .select({ question: roundQuestions })
      .from(roundQuestions)
      .innerJoin(rounds, eq(rounds.id, roundQuestions.roundId))
      .where(
        and(eq(rounds.status, "open"), isNull(roundQuestions.closedAt), lte(roundQuestions.closesAt, now)),
      );
    return rows.map((row) => toRoundQuestion(row.question));
  }

  async setUnansweredStreak(roundId: number, streak: number): Promise<void> {
    await this.db.update(rounds).set({ unansweredStreak: streak }).where(eq(rounds.id, roundId));
  }

  async finishRound(
    roundId: number,
    status: "finished" | "stopped",
    reason: string,
    now: Date,
  ): Promise<boolean> {
    const finished = await this.db
      .update(rounds)
      .set({ status, stopReason: reason, finishedAt: now })
      .where(and(eq(rounds.id, roundId), eq(rounds.status, "open")))
      .returning({ id: rounds.id });
    if (finished.length === 1) {
      // Questions never reached stay unopened; any open one is closed with the round.
      await this.db
        .update(roundQuestions)
        .set({ closedAt: now })
        .where(and(eq(roundQuestions.roundId, roundId), isNull(roundQuestions.closedAt)));
    }
    return finished.length === 1;
  }

  async setSummaryMessage(roundId: number, message: MessageRef): Promise<void> {
    await this.db.update(rounds).set({ summaryMessage: message }).where(eq(rounds.id, roundId));
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

  private async withStarter(row: RoundRow): Promise<RoundRecord> {
    let startedByName: string | null = null;
    let startedByPlatformId: string | null = null;
    if (row.startedBy !== null) {
      const [starter] = await this.db
        .select({ name: users.displayName, platformUserId: users.platformUserId })
        .from(users)
        .where(eq(users.id, row.startedBy));
      startedByName = starter?.name ?? null;
      startedByPlatformId = starter?.platformUserId ?? null;
    }
    const timeZone = row.kind === "daily" ? await dailyTimeZone(this.db, row.id) : undefined;
    return {
      id: row.id,
      place: {
        platform: row.platform as PlatformName,
        workspaceId: row.workspaceId,
        channelId: row.channelId,
      },
      kind: row.kind,
      status: row.status,
      mode: row.mode,
      startedBy: row.startedBy,
      startedByName,
      startedByPlatformId,
      stopReason: row.stopReason,
      packId: row.packId,
      topic: row.topic,
      questionCount: row.questionCount,
      secondsPerQuestion: row.secondsPerQuestion,
      seed: row.seed,
      currentPosition: row.currentPosition,
      unansweredStreak: row.unansweredStreak,
      createdAt: row.createdAt,
      summaryMessage: (row.summaryMessage as MessageRef | null) ?? null,
      ...(timeZone ? { timeZone } : {}),
    };
  }
}

function toRoundQuestion(row: RoundQuestionRow): RoundQuestionRecord {
  return {
    id: row.id,
    roundId: row.roundId,
    position: row.position,
    questionId: row.questionId,
    optionOrder: row.optionOrder,
    openedAt: row.openedAt,
    closesAt: row.closesAt,
    closedAt: row.closedAt,
    message: (row.message as MessageRef | null) ?? null,
  };
}
