import { type GroupName, parseGroupName } from "../../../domain/leaderboards/group-name.js";
import type { CommandEvent, Place } from "../../../domain/ports/chat-platform.js";
import type { GroupStore, Workspace } from "../../../domain/ports/leaderboard-store.js";
import type { GroupOutcome } from "../../../domain/ports/views/groups.js";
import type { Result } from "../../../domain/result.js";

export interface GroupsFeatureDeps {
  readonly groups: GroupStore;
  /** Time zone of a new group's days and weeks. */
  readonly defaultTimeZone: string;
}

export function workspaceOf(place: Place): Workspace {
  return { platform: place.platform, workspaceId: place.workspaceId };
}

export const privately = (event: CommandEvent, outcome: GroupOutcome) =>
  event.reply.private({ kind: "group_outcome", outcome });

/** The checked name of option `option`, or the private refusal already sent. */
export async function nameOption(event: CommandEvent, option: string): Promise<GroupName | undefined> {
  const raw = String(event.options[option] ?? "");
  const parsed = parseGroupName(raw);
  if (parsed.ok) return parsed.value;
  await privately(event, { code: "invalid_name", name: raw, problem: parsed.error });
  return undefined;
}

/** Runs `onOk` with the value, or tells the member privately why the group change was refused. */
export async function reportOrElse<
  T,
  E extends "unknown_group" | "duplicate_name" | "already_member" | "not_member" | "not_owner",
>(
  event: CommandEvent,
  name: string,
  result: Result<T, E>,
  onOk: (value: T) => Promise<unknown>,
): Promise<void> {
  if (result.ok) {
    await onOk(result.value);
    return;
  }
  await privately(event, { code: result.error, name });
}
