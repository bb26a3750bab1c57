import { and, asc, eq } from "drizzle-orm";
import type { Place } from "../../domain/ports/chat-platform.js";
import type {
  CreateRoundError,
  NewRound,
  RoundQuestionRecord,
  RoundRecord,
  RoundRepository,
} from "../../domain/ports/round-store.js";
import { err, ok, type Result } from "../../domain/result.js";
import type { Db } from "../database.js";
import { sqlState, uniqueViolation } from "../errors.js";
import { ensureUser } from "../repositories/users.js";
import { roundQuestions, rounds, scheduleSlots } from "../schema/index.js";
import { toRoundQuestionRecord, toRoundRecord } from "./round-rows.js";

/** Rounds and their questions on PostgreSQL or PGlite. */
export class DrizzleRoundRepository implements RoundRepository {
  constructor(private readonly db: Db) {}

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
      return ok(await toRoundRecord(this.db, created));
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
    return row ? toRoundRecord(this.db, row) : undefined;
  }

  async getRound(roundId: number): Promise<RoundRecord | undefined> {
    const [row] = await this.db.select().from(rounds).where(eq(rounds.id, roundId));
    return row ? toRoundRecord(this.db, row) : undefined;
  }

  async listOpenRounds(): Promise<RoundRecord[]> {
    const rows = await this.db.select().from(rounds).where(eq(rounds.status, "open")).orderBy(asc(rounds.id));
    return Promise.all(rows.map((row) => toRoundRecord(this.db, row)));
  }

  async listRoundQuestions(roundId: number): Promise<RoundQuestionRecord[]> {
    const rows = await this.db
      .select()
      .from(roundQuestions)
      .where(eq(roundQuestions.roundId, roundId))
      .orderBy(asc(roundQuestions.position));
    return rows.map(toRoundQuestionRecord);
  }

  async getRoundQuestion(roundQuestionId: number): Promise<RoundQuestionRecord | undefined> {
    const [row] = await this.db.select().from(roundQuestions).where(eq(roundQuestions.id, roundQuestionId));
    return row ? toRoundQuestionRecord(row) : undefined;
  }
}
