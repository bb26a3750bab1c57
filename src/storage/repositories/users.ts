import { sql } from "drizzle-orm";
import type { ChatUser } from "../../domain/ports/chat-platform.js";
import type { Executor } from "../database.js";
import { users } from "../schema/index.js";

/** The internal id of a platform member, created on first sight; the display name follows renames. */
export async function ensureUser(
  db: Executor,
  user: Pick<ChatUser, "platform" | "id" | "displayName">,
): Promise<number> {
  const [row] = await db
    .insert(users)
    .values({ platform: user.platform, platformUserId: user.id, displayName: user.displayName })
    .onConflictDoUpdate({
      target: [users.platform, users.platformUserId],
      set: { displayName: user.displayName, updatedAt: sql`now()` },
      // Skip the write (and its row lock) when nothing changed: the hot path of every answer.
      setWhere: sql`${users.displayName} is distinct from excluded.display_name`,
    })
    .returning({ id: users.id });
  if (row) return row.id;
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`${users.platform} = ${user.platform} and ${users.platformUserId} = ${user.id}`);
  if (!existing) throw new Error("user row vanished between insert and select");
  return existing.id;
}
