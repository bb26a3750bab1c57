import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { MessageRef, Place, PlatformName } from "../../domain/ports/chat-platform.js";
import type {
  DailySchedule,
  NewSchedule,
  ScheduleStore,
  SlotRecord,
} from "../../domain/ports/schedule-store.js";
import type { Db } from "../database.js";
import { ensureUser } from "../repositories/users.js";
import { dailySchedules, scheduleSlots } from "../schema/index.js";

type ScheduleRow = typeof dailySchedules.$inferSelect;

/** Daily schedules and slot rows on Postgres or PGlite. */
export class DrizzleScheduleStore implements ScheduleStore {
  constructor(private readonly db: Db) {}

  async add(schedule: NewSchedule): Promise<DailySchedule> {
    const row = await this.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(dailySchedules)
        .values({
          platform: schedule.place.platform,
          workspaceId: schedule.place.workspaceId,
          channelId: schedule.place.channelId,
          cron: schedule.cron,
          description: schedule.description,
          timeZone: schedule.timeZone,
          packId: schedule.packId,
          questionCount: schedule.questionCount,
          closeBeforeNextMinutes: schedule.closeBeforeNextMinutes,
          createdBy: await ensureUser(tx, schedule.createdBy),
          createdAt: schedule.createdAt,
        })
        .returning();
      if (!inserted) throw new Error("insert returned no schedule");
      return inserted;
    });
    return toSchedule(row);
  }

  async list(place: Place): Promise<DailySchedule[]> {
    const rows = await this.db
      .select()
      .from(dailySchedules)
      .where(and(samePlace(place), isNull(dailySchedules.removedAt)))
      .orderBy(asc(dailySchedules.id));
    return rows.map(toSchedule);
  }

  async setPaused(place: Place, id: number, paused: boolean): Promise<DailySchedule | undefined> {
    const [row] = await this.db
      .update(dailySchedules)
      .set({ paused })
      .where(and(eq(dailySchedules.id, id), samePlace(place), isNull(dailySchedules.removedAt)))
      .returning();
    return row ? toSchedule(row) : undefined;
  }

  async remove(place: Place, id: number, at: Date): Promise<boolean> {
    const removed = await this.db
      .update(dailySchedules)
      .set({ removedAt: at })
      .where(and(eq(dailySchedules.id, id), samePlace(place), isNull(dailySchedules.removedAt)))
      .returning({ id: dailySchedules.id });
    return removed.length === 1;
  }

  async listActive(): Promise<{ schedule: DailySchedule; lastSlotAt: Date | null }[]> {
    const rows = await this.db
      .select({
        schedule: dailySchedules,
        lastSlotAt: sql<
          string | null
        >`(select max(${scheduleSlots.slotAt}) from ${scheduleSlots} where ${scheduleSlots.scheduleId} = ${dailySchedules.id})`,
      })
      .from(dailySchedules)
      .where(and(eq(dailySchedules.paused, false), isNull(dailySchedules.removedAt)))
      .orderBy(asc(dailySchedules.id));
    return rows.map((row) => ({
      schedule: toSchedule(row.schedule),
      // A raw subquery comes back untyped: text from postgres-js, a Date from PGlite.
      lastSlotAt: row.lastSlotAt === null ? null : new Date(row.lastSlotAt),
    }));
  }

  async skipSlot(scheduleId: number, slotAt: Date, claimant: string): Promise<boolean> {
    const won = await this.db
      .insert(scheduleSlots)
      .values({ scheduleId, slotAt, claimedBy: claimant, status: "skipped" })
      .onConflictDoNothing()
      .returning({ scheduleId: scheduleSlots.scheduleId });
    return won.length === 1;
  }

  async markPosted(scheduleId: number, slotAt: Date, message: MessageRef | null): Promise<void> {
    await this.db
      .update(scheduleSlots)
      .set({ status: "posted", message })
      .where(
        and(
          eq(scheduleSlots.scheduleId, scheduleId),
          eq(scheduleSlots.slotAt, slotAt),
          eq(scheduleSlots.status, "claimed"),
        ),
      );
  }

  async settleSlots(): Promise<void> {
    await this.db.execute(sql`
      update schedule_slots as slot
         set status = 'posted', message = question.message
        from round_questions as question
       where slot.status = 'claimed'
         and question.round_id = slot.round_id
         and question.position = 0
         and question.message ? 'messageId'`);
    await this.db.execute(sql`
      update schedule_slots as slot
         set status = 'closed'
        from rounds as round
       where slot.status in ('claimed', 'posted')
         and round.id = slot.round_id
         and round.status <> 'open'`);
  }

  async listSlots(scheduleId: number): Promise<SlotRecord[]> {
    const rows = await this.db
      .select()
      .from(scheduleSlots)
      .where(eq(scheduleSlots.scheduleId, scheduleId))
      .orderBy(asc(scheduleSlots.slotAt));
    return rows.map((row) => ({
      scheduleId: row.scheduleId,
      slotAt: row.slotAt,
      claimedBy: row.claimedBy,
      status: row.status,
      roundId: row.roundId,
      message: (row.message as MessageRef | null) ?? null,
      closesAt: row.closesAt,
    }));
  }
}

function samePlace(place: Place) {
  return and(
    eq(dailySchedules.platform, place.platform),
    eq(dailySchedules.workspaceId, place.workspaceId),
    eq(dailySchedules.channelId, place.channelId),
  );
}

function toSchedule(row: ScheduleRow): DailySchedule {
  return {
    id: row.id,
    place: { platform: row.platform as PlatformName, workspaceId: row.workspaceId, channelId: row.channelId },
    cron: row.cron,
    description: row.description,
    timeZone: row.timeZone,
    packId: row.packId,
    questionCount: row.questionCount,
    closeBeforeNextMinutes: row.closeBeforeNextMinutes,
    paused: row.paused,
    createdAt: row.createdAt,
  };
}
