import type { ChatUser } from "../../domain/ports/chat-platform.js";
import type { MemberDirectory } from "../../domain/ports/member-directory.js";
import type { Db } from "../database.js";
import { ensureUser } from "./users.js";

export class DrizzleMemberDirectory implements MemberDirectory {
  constructor(private readonly db: Db) {}

  userIdOf(user: Pick<ChatUser, "platform" | "id" | "displayName">): Promise<number> {
    return ensureUser(this.db, user);
  }
}
