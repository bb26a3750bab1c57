import type { ChatUser } from "./chat-platform.js";

/** The member's id in the database, created on first sight: the key every stored figure hangs on. */
export interface MemberDirectory {
  userIdOf(user: Pick<ChatUser, "platform" | "id" | "displayName">): Promise<number>;
}
