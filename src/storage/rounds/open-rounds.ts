import { count, eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { rounds } from "../schema/index.js";

/** How many rounds are open in the database now, daily rounds included (for the metrics). */
export async function countOpenRounds(db: Db): Promise<number> {
  const [row] = await db.select({ open: count() }).from(rounds).where(eq(rounds.status, "open"));
  return row?.open ?? 0;
}
