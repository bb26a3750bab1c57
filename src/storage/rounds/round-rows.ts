import { eq } from "drizzle-orm";
import type { MessageRef, PlatformName } from "../../domain/ports/chat-platform.js";
import type { RoundQuestionRecord, RoundRecord } from "../../domain/ports/round-store.js";
import type { Db } from "../database.js";
import { dailyTimeZone } from "../schedules/daily-time-zone.js";
import { type roundQuestions, type rounds, users } from "../schema/index.js";

type RoundRow = typeof rounds.$inferSelect;
type RoundQuestionRow = typeof roundQuestions.$inferSelect;

/** A stored round as the ports see it, with its starter's name and platform id looked up. */
export async function toRoundRecord(db: Db, row: RoundRow): Promise<RoundRecord> {
  let startedByName: string | null = null;
  let startedByPlatformId: string | null = null;
  if (row.startedBy !== null) {
    const [starter] = await db
      .select({ name: users.displayName, platformUserId: users.platformUserId })
      .from(users)
      .where(eq(users.id, row.startedBy));
    startedByName = starter?.name ?? null;
    startedByPlatformId = starter?.platformUserId ?? null;
  }
  const timeZone = row.kind === "daily" ? await dailyTimeZone(db, row.id) : undefined;
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

export function toRoundQuestionRecord(row: RoundQuestionRow): RoundQuestionRecord {
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
