import { eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { dailySchedules, scheduleSlots } from "../schema/index.js";

/** The time zone of the schedule that posted a daily round (its slot row names the round). */
export async function dailyTimeZone(db: Db, roundId: number): Promise<string | undefined> {
  const [row] = await db
    .select({ timeZone: dailySchedules.timeZone })
    .from(scheduleSlots)
    .innerJoin(dailySchedules, eq(dailySchedules.id, scheduleSlots.scheduleId))
    .where(eq(scheduleSlots.roundId, roundId))
    .limit(1);
  return row?.timeZone;
}
