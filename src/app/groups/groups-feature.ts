import { type GroupName, parseGroupName } from "../../domain/leaderboards/group-name.js";
import type { CommandEvent, Place } from "../../domain/ports/chat-platform.js";
import type { GroupStore, Workspace } from "../../domain/ports/leaderboard-store.js";
import type { GroupOutcome } from "../../domain/ports/views/groups.js";
import type { Result } from "../../domain/result.js";
import type { Feature } from "../feature.js";

export interface GroupsFeatureDeps {
  readonly groups: GroupStore;
  /** Time zone of a new group's days and weeks. */
  readonly defaultTimeZone: string;
}

const autocompleteLimit = 25;

/**
 * `/group create|join|leave|list|rename|remove`: named study groups of a server/workspace. Every refusal
 * is a private reply saying what to do instead; a new group is announced in the channel.
 */
export function groupsFeature(deps: GroupsFeatureDeps): Feature {
  const { groups } = deps;

  const privately = (event: CommandEvent, outcome: GroupOutcome) =>
    event.reply.private({ kind: "group_outcome", outcome });

  /** The checked name of option `option`, or the private refusal already sent. */
  async function nameOption(event: CommandEvent, option: string): Promise<GroupName | undefined> {
    const raw = String(event.options[option] ?? "");
    const parsed = parseGroupName(raw);
    if (parsed.ok) return parsed.value;
    await privately(event, { code: "invalid_name", name: raw, problem: parsed.error });
    return undefined;
  }

  async function reportOrElse<
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

  return {
    name: "groups",
    commands: {
      "group create": async (event) => {
        const name = await nameOption(event, "name");
        if (!name) return;
        const created = await groups.createGroup(
          workspaceOf(event.place),
          event.user,
          name,
          deps.defaultTimeZone,
        );
        await reportOrElse(event, name.name, created, (group) =>
          event.reply.public({
            kind: "group_outcome",
            outcome: { code: "created", name: group.name, by: event.user.displayName },
          }),
        );
      },
      "group join": async (event) => {
        const name = await nameOption(event, "name");
        if (!name) return;
        const joined = await groups.joinGroup(workspaceOf(event.place), event.user, name.key);
        await reportOrElse(event, name.name, joined, (group) =>
          privately(event, { code: "joined", name: group.name }),
        );
      },
      "group leave": async (event) => {
        const name = await nameOption(event, "name");
        if (!name) return;
        const left = await groups.leaveGroup(workspaceOf(event.place), event.user, name.key);
        await reportOrElse(event, name.name, left, (group) =>
          privately(event, { code: "left", name: group.name }),
        );
      },
      "group list": async (event) => {
        const list = await groups.listGroups(workspaceOf(event.place), event.user);
        await event.reply.private({ kind: "group_list", groups: list });
      },
      "group rename": async (event) => {
        const name = await nameOption(event, "name");
        if (!name) return;
        const newName = await nameOption(event, "new_name");
        if (!newName) return;
        const renamed = await groups.renameGroup(workspaceOf(event.place), event.user, name.key, newName);
        if (!renamed.ok && renamed.error === "duplicate_name") {
          await privately(event, { code: "duplicate_name", name: newName.name });
          return;
        }
        await reportOrElse(event, name.name, renamed, (group) =>
          privately(event, { code: "renamed", from: name.name, to: group.name }),
        );
      },
      "group remove": async (event) => {
        const name = await nameOption(event, "name");
        if (!name) return;
        const removed = await groups.removeGroup(workspaceOf(event.place), event.user, name.key);
        await reportOrElse(event, name.name, removed, (group) =>
          privately(event, { code: "removed", name: group.name }),
        );
      },
    },
    autocomplete: {
      group: async (event) => {
        const names = await groups.searchGroups(workspaceOf(event.place), event.partial, autocompleteLimit);
        await event.respond(names.map((name) => ({ name, value: name })));
      },
    },
  };
}

export function workspaceOf(place: Place): Workspace {
  return { platform: place.platform, workspaceId: place.workspaceId };
}
