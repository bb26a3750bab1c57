import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { GroupKind } from "../../domain/ports/leaderboard-store.js";
import type { Executor } from "../database.js";
import { channelSettings, groupMembers, studyGroups } from "../schema/index.js";

export interface CountingGroup {
  readonly id: number;
  readonly kind: GroupKind;
  readonly timeZone: string;
}

export interface CountingScope {
  readonly platform: string;
  readonly workspaceId: string;
  /** Absent for activity outside a channel (a private review): then no channel group counts it. */
  readonly channelId?: string;
  readonly userId: number;
}

/**
 * The groups an activity counts for: the workspace's group, the channel's group, and every named group
 * of the workspace the member belongs to. The workspace and channel groups are created on first use, in
 * the caller's transaction, with the channel's configured time zone or `defaultTimeZone`.
 */
export async function countingGroups(
  tx: Executor,
  scope: CountingScope,
  defaultTimeZone: string,
): Promise<CountingGroup[]> {
  let groups = await selectGroups(tx, scope);
  const hasWorkspace = groups.some((group) => group.kind === "workspace");
  const hasChannel = scope.channelId === undefined || groups.some((group) => group.kind === "channel");
  if (hasWorkspace && hasChannel) return groups;
  await ensureImplicitGroups(tx, scope, defaultTimeZone, { workspace: !hasWorkspace, channel: !hasChannel });
  groups = await selectGroups(tx, scope);
  return groups;
}

/**
 * Creates the workspace group and/or a channel group if missing. `on conflict do nothing` lets two
 * processes race to create the same group: both then read the one row that won.
 */
export async function ensureImplicitGroups(
  tx: Executor,
  scope: Omit<CountingScope, "userId">,
  defaultTimeZone: string,
  which: { readonly workspace: boolean; readonly channel: boolean },
): Promise<void> {
  const rows: (typeof studyGroups.$inferInsert)[] = [];
  if (which.workspace) {
    rows.push({
      platform: scope.platform,
      workspaceId: scope.workspaceId,
      kind: "workspace",
      scopeKey: "",
      name: "",
      timeZone: defaultTimeZone,
    });
  }
  if (which.channel && scope.channelId !== undefined) {
    const [settings] = await tx
      .select({ timeZone: channelSettings.timeZone })
      .from(channelSettings)
      .where(
        and(
          eq(channelSettings.platform, scope.platform),
          eq(channelSettings.workspaceId, scope.workspaceId),
          eq(channelSettings.channelId, scope.channelId),
        ),
      );
    rows.push({
      platform: scope.platform,
      workspaceId: scope.workspaceId,
      kind: "channel",
      scopeKey: scope.channelId,
      name: scope.channelId,
      timeZone: settings?.timeZone ?? defaultTimeZone,
    });
  }
  if (rows.length > 0) await tx.insert(studyGroups).values(rows).onConflictDoNothing();
}

async function selectGroups(tx: Executor, scope: CountingScope): Promise<CountingGroup[]> {
  const memberOf = tx
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(eq(groupMembers.userId, scope.userId));
  return (
    tx
      .select({ id: studyGroups.id, kind: studyGroups.kind, timeZone: studyGroups.timeZone })
      .from(studyGroups)
      .where(
        and(
          eq(studyGroups.platform, scope.platform),
          eq(studyGroups.workspaceId, scope.workspaceId),
          or(
            and(eq(studyGroups.kind, "workspace"), eq(studyGroups.scopeKey, "")),
            scope.channelId === undefined
              ? sql`false`
              : and(eq(studyGroups.kind, "channel"), eq(studyGroups.scopeKey, scope.channelId)),
            and(eq(studyGroups.kind, "named"), inArray(studyGroups.id, memberOf)),
          ),
        ),
      )
      // Rows are always written in group order, so two answers of one member cannot deadlock.
      .orderBy(asc(studyGroups.id))
  );
}
