import { and, asc, count, eq, ilike, sql } from "drizzle-orm";
import type { ChatUser } from "../../domain/ports/chat-platform.js";
import type {
  CreateGroupError,
  GroupMember,
  GroupRecord,
  GroupStore,
  GroupSummary,
  JoinGroupError,
  LeaveGroupError,
  RemoveGroupError,
  RenameGroupError,
  Workspace,
} from "../../domain/ports/leaderboard-store.js";
import { err, ok, type Result } from "../../domain/result.js";
import type { Db, Executor } from "../database.js";
import { sqlState, uniqueViolation } from "../errors.js";
import { ensureUser } from "../repositories/users.js";
import { groupMembers, streaks, studyGroups, users } from "../schema/index.js";

type GroupRow = typeof studyGroups.$inferSelect;

/**
 * Named study groups on drizzle. Uniqueness of names per workspace is the natural-key index's job
 * (`scope_key` holds the lower-cased name), so two members creating the same name at once get one group
 * and one `duplicate_name`.
 */
export class DrizzleGroupStore implements GroupStore {
  constructor(private readonly db: Db) {}

  async createGroup(
    workspace: Workspace,
    owner: GroupMember,
    name: { readonly name: string; readonly key: string },
    timeZone: string,
  ): Promise<Result<GroupRecord, CreateGroupError>> {
    return this.db.transaction(async (tx) => {
      const ownerId = await ensureUser(tx, owner);
      const [row] = await tx
        .insert(studyGroups)
        .values({
          ...workspace,
          kind: "named",
          scopeKey: name.key,
          name: name.name,
          ownerUserId: ownerId,
          timeZone,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) return err("duplicate_name" as const);
      await tx.insert(groupMembers).values({ groupId: row.id, userId: ownerId });
      return ok(toRecord(row));
    });
  }

  async joinGroup(
    workspace: Workspace,
    member: GroupMember,
    key: string,
  ): Promise<Result<GroupRecord, JoinGroupError>> {
    return this.db.transaction(async (tx) => {
      const group = await findNamed(tx, workspace, key);
      if (!group) return err("unknown_group" as const);
      const userId = await ensureUser(tx, member);
      const joined = await tx
        .insert(groupMembers)
        .values({ groupId: group.id, userId })
        .onConflictDoNothing()
        .returning({ userId: groupMembers.userId });
      return joined.length === 1 ? ok(toRecord(group)) : err("already_member" as const);
    });
  }

  async leaveGroup(
    workspace: Workspace,
    member: GroupMember,
    key: string,
  ): Promise<Result<GroupRecord, LeaveGroupError>> {
    return this.db.transaction(async (tx) => {
      const group = await findNamed(tx, workspace, key);
      if (!group) return err("unknown_group" as const);
      const userId = await ensureUser(tx, member);
      // Figures earned while a member stay on the group's board: they were earned there.
      const left = await tx
        .delete(groupMembers)
        .where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.userId, userId)))
        .returning({ userId: groupMembers.userId });
      return left.length === 1 ? ok(toRecord(group)) : err("not_member" as const);
    });
  }

  async renameGroup(
    workspace: Workspace,
    member: GroupMember,
    key: string,
    name: { readonly name: string; readonly key: string },
  ): Promise<Result<GroupRecord, RenameGroupError>> {
    try {
      return await this.db.transaction(async (tx) => {
        const group = await findNamed(tx, workspace, key);
        if (!group) return err("unknown_group" as const);
        if (group.ownerUserId !== (await ensureUser(tx, member))) return err("not_owner" as const);
        const [renamed] = await tx
          .update(studyGroups)
          .set({ name: name.name, scopeKey: name.key })
          .where(eq(studyGroups.id, group.id))
          .returning();
        return renamed ? ok(toRecord(renamed)) : err("unknown_group" as const);
      });
    } catch (error) {
      if (sqlState(error) === uniqueViolation) return err("duplicate_name");
      throw error;
    }
  }

  async removeGroup(
    workspace: Workspace,
    member: GroupMember,
    key: string,
  ): Promise<Result<GroupRecord, RemoveGroupError>> {
    return this.db.transaction(async (tx) => {
      const group = await findNamed(tx, workspace, key);
      if (!group) return err("unknown_group" as const);
      if (group.ownerUserId !== (await ensureUser(tx, member))) return err("not_owner" as const);
      // Members, figures and streaks go with the group (on delete cascade); answers stay.
      await tx.delete(studyGroups).where(eq(studyGroups.id, group.id));
      return ok(toRecord(group));
    });
  }

  async setStreakFreezes(
    workspace: Workspace,
    member: GroupMember,
    key: string,
    on: boolean,
  ): Promise<Result<GroupRecord, RemoveGroupError>> {
    return this.db.transaction(async (tx) => {
      const group = await findNamed(tx, workspace, key);
      if (!group) return err("unknown_group" as const);
      if (group.ownerUserId !== (await ensureUser(tx, member))) return err("not_owner" as const);
      await tx.update(studyGroups).set({ streakFreezes: on }).where(eq(studyGroups.id, group.id));
      // Off: freezes held stop covering days at once (boards read `freezes` for live streaks).
      if (!on) await tx.update(streaks).set({ freezes: 0 }).where(eq(streaks.groupId, group.id));
      return ok(toRecord(group));
    });
  }

  async listGroups(workspace: Workspace, member: Pick<ChatUser, "platform" | "id">): Promise<GroupSummary[]> {
    const [caller] = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.platform, member.platform), eq(users.platformUserId, member.id)));
    const callerId = caller?.id ?? 0;
    const rows = await this.db
      .select({
        name: studyGroups.name,
        ownerUserId: studyGroups.ownerUserId,
        members: count(groupMembers.userId),
        joined: sql<boolean>`coalesce(bool_or(${groupMembers.userId} = ${callerId}), false)`,
      })
      .from(studyGroups)
      .leftJoin(groupMembers, eq(groupMembers.groupId, studyGroups.id))
      .where(namedIn(workspace))
      .groupBy(studyGroups.id)
      .orderBy(asc(studyGroups.scopeKey));
    return rows.map((row) => ({
      name: row.name,
      members: row.members,
      joined: row.joined,
      owned: row.ownerUserId === callerId,
    }));
  }

  async searchGroups(workspace: Workspace, partial: string, limit: number): Promise<string[]> {
    // PostgreSQL refuses NUL in a parameter, and no group name holds one (parseGroupName allows letters,
    // digits, spaces, - and _): what a member is typing with a NUL in it matches nothing.
    if (partial.includes("\u0000")) return [];
    const pattern = `%${partial.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.db
      .select({ name: studyGroups.name })
      .from(studyGroups)
      .where(and(namedIn(workspace), ilike(studyGroups.name, pattern)))
      .orderBy(asc(studyGroups.scopeKey))
      .limit(limit);
    return rows.map((row) => row.name);
  }
}

function namedIn(workspace: Workspace) {
  return and(
    eq(studyGroups.platform, workspace.platform),
    eq(studyGroups.workspaceId, workspace.workspaceId),
    eq(studyGroups.kind, "named"),
  );
}

async function findNamed(tx: Executor, workspace: Workspace, key: string): Promise<GroupRow | undefined> {
  const [row] = await tx
    .select()
    .from(studyGroups)
    .where(and(namedIn(workspace), eq(studyGroups.scopeKey, key)))
    .for("update");
  return row;
}

function toRecord(row: GroupRow): GroupRecord {
  return { id: row.id, kind: row.kind, name: row.name, ownerUserId: row.ownerUserId, timeZone: row.timeZone };
}
