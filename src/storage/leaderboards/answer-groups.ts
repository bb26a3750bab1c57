import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { GroupKind } from "../../domain/ports/leaderboard-store.js";
import type { Executor } from "../database.js";
import { idIn, jsonRows, rowsOf } from "../raw-sql.js";
import { channelSettings, groupMembers, studyGroups } from "../schema/index.js";

export interface CountingGroup {
  readonly id: number;
  readonly kind: GroupKind;
  readonly timeZone: string;
  readonly streakFreezes: boolean;
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
      .select({
        id: studyGroups.id,
        kind: studyGroups.kind,
        timeZone: studyGroups.timeZone,
        streakFreezes: studyGroups.streakFreezes,
      })
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

/** Where an answer was given and by whom: what decides the groups it counts in. */
export interface AnswerScope {
  readonly platform: string;
  readonly workspaceId: string;
  readonly channelId: string;
  readonly userId: number;
}

/**
 * `countingGroups` for a whole batch of answers in two queries (plus creating any missing workspace or
 * channel group, which happens once per channel ever): the groups of every scope, keyed by `scopeKey`.
 */
export async function countingGroupsOfBatch(
  tx: Executor,
  scopes: readonly AnswerScope[],
  defaultTimeZone: string,
): Promise<Map<string, CountingGroup[]>> {
  const places = uniqueBy(scopes, placeKey);
  const userIds = [...new Set(scopes.map((scope) => scope.userId))];
  let found = await groupsOf(tx, places, userIds);
  const lacking = places.flatMap((place) => {
    const own = found.implicit.get(placeKey(place)) ?? [];
    const which = {
      workspace: !own.some((group) => group.kind === "workspace"),
      channel: !own.some((group) => group.kind === "channel"),
    };
    return which.workspace || which.channel ? [{ place, which }] : [];
  });
  if (lacking.length > 0) {
    // Once per channel ever: its groups are created on its first counted answer.
    for (const { place, which } of lacking) await ensureImplicitGroups(tx, place, defaultTimeZone, which);
    found = await groupsOf(tx, places, userIds);
  }
  const result = new Map<string, CountingGroup[]>();
  for (const scope of scopes) {
    const key = scopeKey(scope);
    if (result.has(key)) continue;
    const named = (found.named.get(scope.userId) ?? []).filter(
      (group) => group.platform === scope.platform && group.workspaceId === scope.workspaceId,
    );
    const groups = [...(found.implicit.get(placeKey(scope)) ?? []), ...named].map(
      ({ id, kind, timeZone, streakFreezes }) => ({ id, kind, timeZone, streakFreezes }),
    );
    // Rows are always written in group order, so two answers of one member cannot deadlock.
    result.set(
      key,
      groups.sort((a, b) => a.id - b.id),
    );
  }
  return result;
}

export function scopeKey(scope: AnswerScope): string {
  return `${placeKey(scope)}\u0000${scope.userId}`;
}

function placeKey(place: Omit<AnswerScope, "userId">): string {
  return `${place.platform}\u0000${place.workspaceId}\u0000${place.channelId}`;
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

interface GroupRow {
  readonly source: "place" | "member";
  readonly platform: string;
  readonly workspace_id: string;
  readonly channel_id: string | null;
  readonly user_id: number | string | null;
  readonly id: number | string;
  readonly kind: GroupKind;
  readonly time_zone: string;
  readonly streak_freezes: boolean;
}

type PlacedGroup = CountingGroup & { readonly platform: string; readonly workspaceId: string };

/**
 * In one query: the workspace and channel groups of each place, and the named groups of each member
 * (of any workspace: the caller keeps those of the answer's own).
 */
async function groupsOf(
  tx: Executor,
  places: readonly Omit<AnswerScope, "userId">[],
  userIds: readonly number[],
): Promise<{ implicit: Map<string, PlacedGroup[]>; named: Map<number, PlacedGroup[]> }> {
  const placeRows = places.map((place) => ({
    platform: place.platform,
    workspace_id: place.workspaceId,
    channel_id: place.channelId,
  }));
  const rows = rowsOf<GroupRow>(
    await tx.execute(sql`
      select 'place' as source, v.platform, v.workspace_id, v.channel_id, null::bigint as user_id,
             g.id, g.kind, g.time_zone, g.streak_freezes
        from jsonb_to_recordset(${jsonRows(placeRows)}) as v(platform text, workspace_id text, channel_id text)
        join study_groups g on g.platform = v.platform and g.workspace_id = v.workspace_id
         and ((g.kind = 'workspace' and g.scope_key = '') or (g.kind = 'channel' and g.scope_key = v.channel_id))
      union all
      select 'member', g.platform, g.workspace_id, null, m.user_id, g.id, g.kind, g.time_zone, g.streak_freezes
        from group_members m join study_groups g on g.id = m.group_id
       where g.kind = 'named'
         and ${idIn(sql`m.user_id`, userIds)}`),
  );
  const implicit = new Map<string, PlacedGroup[]>();
  const named = new Map<number, PlacedGroup[]>();
  for (const row of rows) {
    const group = {
      id: Number(row.id),
      kind: row.kind,
      timeZone: row.time_zone,
      streakFreezes: row.streak_freezes === true || String(row.streak_freezes) === "t",
      platform: row.platform,
      workspaceId: row.workspace_id,
    };
    if (row.source === "place") {
      const key = placeKey({
        platform: row.platform,
        workspaceId: row.workspace_id,
        channelId: row.channel_id ?? "",
      });
      implicit.set(key, [...(implicit.get(key) ?? []), group]);
    } else {
      const userId = Number(row.user_id);
      named.set(userId, [...(named.get(userId) ?? []), group]);
    }
  }
  return { implicit, named };
}
