import type { CommandEvent } from "../../../domain/ports/chat-platform.js";
import { type GroupsFeatureDeps, nameOption, privately, reportOrElse, workspaceOf } from "./deps.js";

/** `/group join`. */
export function groupJoin({ groups }: GroupsFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
    const name = await nameOption(event, "name");
    if (!name) return;
    const joined = await groups.joinGroup(workspaceOf(event.place), event.user, name.key);
    await reportOrElse(event, name.name, joined, (group) =>
      privately(event, { code: "joined", name: group.name }),
    );
  };
}

/** `/group leave`. */
export function groupLeave({ groups }: GroupsFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
    const name = await nameOption(event, "name");
    if (!name) return;
    const left = await groups.leaveGroup(workspaceOf(event.place), event.user, name.key);
    await reportOrElse(event, name.name, left, (group) =>
      privately(event, { code: "left", name: group.name }),
    );
  };
}

/** `/group list`: the workspace's groups, to the asker only. */
export function groupList({ groups }: GroupsFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
    const list = await groups.listGroups(workspaceOf(event.place), event.user);
    await event.reply.private({ kind: "group_list", groups: list });
  };
}
