import { sql } from "drizzle-orm";
import type { ChatUser } from "../../domain/ports/chat-platform.js";
import { wellFormedText } from "../../domain/text/well-formed-text.js";
import type { Executor } from "../database.js";
import { users } from "../schema/index.js";

/**
 * The internal id of a platform member, created on first sight; the display name follows renames.
 * A display name is the member's own text and PostgreSQL refuses NUL in `text`, so NUL is dropped;
 * a name holding one would otherwise fail whatever the member did (create a group, run code, review).
 */
export async function ensureUser(
  db: Executor,
  user: Pick<ChatUser, "platform" | "id" | "displayName">,
): Promise<number> {
  const displayName = wellFormedText(user.displayName);
  const [row] = await db
    .insert(users)
    .values({ platform: user.platform, platformUserId: user.id, displayName })
    .onConflictDoUpdate({
      target: [users.platform, users.platformUserId],
      set: { displayName, updatedAt: sql`now()` },
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
