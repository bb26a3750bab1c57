import type { Metric } from "../leaderboards/ranking.js";
import type { Result } from "../result.js";
import type { ChatUser, Place, PlatformName } from "./chat-platform.js";

/** A server (Discord guild) or workspace (Slack), where group names are unique. */
export interface Workspace {
  readonly platform: PlatformName;
  readonly workspaceId: string;
}

export type GroupKind = "workspace" | "channel" | "named";

export interface GroupRecord {
  readonly id: number;
  readonly kind: GroupKind;
  /** The name a member gave a named group; the channel id for a channel group, "" for the workspace. */
  readonly name: string;
  readonly ownerUserId: number | null;
  readonly timeZone: string;
}

export interface GroupSummary {
  readonly name: string;
  readonly members: number;
  readonly joined: boolean;
  readonly owned: boolean;
}

export type GroupMember = Pick<ChatUser, "platform" | "id" | "displayName">;

export type CreateGroupError = "duplicate_name";
export type JoinGroupError = "unknown_group" | "already_member";
export type LeaveGroupError = "unknown_group" | "not_member";
export type RenameGroupError = "unknown_group" | "not_owner" | "duplicate_name";
export type RemoveGroupError = "unknown_group" | "not_owner";

/** Named study groups of a workspace. Names arrive already checked (domain/leaderboards/group-name.ts). */
export interface GroupStore {
  createGroup(
    workspace: Workspace,
    owner: GroupMember,
    name: { readonly name: string; readonly key: string },
    timeZone: string,
  ): Promise<Result<GroupRecord, CreateGroupError>>;
  joinGroup(
    workspace: Workspace,
    member: GroupMember,
    key: string,
  ): Promise<Result<GroupRecord, JoinGroupError>>;
  leaveGroup(
    workspace: Workspace,
    member: GroupMember,
    key: string,
  ): Promise<Result<GroupRecord, LeaveGroupError>>;
  renameGroup(
    workspace: Workspace,
    member: GroupMember,
    key: string,
    name: { readonly name: string; readonly key: string },
  ): Promise<Result<GroupRecord, RenameGroupError>>;
  removeGroup(
    workspace: Workspace,
    member: GroupMember,
    key: string,
  ): Promise<Result<GroupRecord, RemoveGroupError>>;
  /** Turns the group's streak freezes on or off (owner only); off also takes away the freezes held. */
  setStreakFreezes(
    workspace: Workspace,
    member: GroupMember,
    key: string,
    on: boolean,
  ): Promise<Result<GroupRecord, RemoveGroupError>>;
  listGroups(workspace: Workspace, member: Pick<ChatUser, "platform" | "id">): Promise<GroupSummary[]>;
  /** Named groups whose name starts with or contains `partial`, for autocomplete. */
  searchGroups(workspace: Workspace, partial: string, limit: number): Promise<string[]>;
}

/** Which group a leaderboard is for. */
export type BoardTarget =
  | { readonly kind: "channel"; readonly place: Place }
  | { readonly kind: "workspace"; readonly workspace: Workspace }
  | { readonly kind: "named"; readonly workspace: Workspace; readonly key: string };

/** One member's line on a board. */
export interface BoardRow {
  readonly rank: number;
  readonly userId: number;
  readonly displayName: string;
  readonly points: number;
  readonly answered: number;
  readonly correct: number;
  readonly streak: number;
  /** Streak freezes the member still holds today (see `freezesLeft`). */
  readonly freezes: number;
}

export interface BoardQuery {
  readonly groupId: number;
  readonly periodKey: string;
  readonly metric: Metric;
  readonly minAnswers: number;
  /** Today in the group's time zone: streaks whose last day is before yesterday count as 0. */
  readonly today: string;
  readonly limit: number;
  readonly caller: Pick<ChatUser, "platform" | "id">;
}

export interface Board {
  readonly top: readonly BoardRow[];
  /**
   * The caller's own line: ranked when they qualify for the board, `rank: null` with their figures when
   * they do not (too few answers for accuracy, no live streak), absent when they have no figures at all.
   */
  readonly caller: (Omit<BoardRow, "rank"> & { readonly rank: number | null }) | undefined;
}

export interface LeaderboardStore {
  /** The channel and workspace groups exist implicitly (created on first use); named ones must exist. */
  findBoardGroup(target: BoardTarget, defaultTimeZone: string): Promise<GroupRecord | undefined>;
  board(query: BoardQuery): Promise<Board>;
}
