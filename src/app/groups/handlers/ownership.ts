import type { CommandEvent } from "../../../domain/ports/chat-platform.js";
import { type GroupsFeatureDeps, nameOption, privately, reportOrElse, workspaceOf } from "./deps.js";

/** `/group create`: a new group is announced in the channel. */
export function groupCreate({ groups, defaultTimeZone }: GroupsFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
    const name = await nameOption(event, "name");
    if (!name) return;
    const created = await groups.createGroup(workspaceOf(event.place), event.user, name, defaultTimeZone);
    await reportOrElse(event, name.name, created, (group) =>
      event.reply.public({
        kind: "group_outcome",
        outcome: { code: "created", name: group.name, by: event.user.displayName },
      }),
    );
  };
}

/** `/group rename`: a taken new name is reported as the new name, not the old one. */
export function groupRename({ groups }: GroupsFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
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
  };
}

/** `/group remove`. */
export function groupRemove({ groups }: GroupsFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
    const name = await nameOption(event, "name");
    if (!name) return;
    const removed = await groups.removeGroup(workspaceOf(event.place), event.user, name.key);
    await reportOrElse(event, name.name, removed, (group) =>
      privately(event, { code: "removed", name: group.name }),
    );
  };
}

/** `/group freezes name on|off`: the owner turns the group's streak freezes on or off. */
export function groupFreezes({ groups }: GroupsFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
    const name = await nameOption(event, "name");
    if (!name) return;
    const on = String(event.options.freezes ?? "").toLowerCase() !== "off";
    const set = await groups.setStreakFreezes(workspaceOf(event.place), event.user, name.key, on);
    await reportOrElse(event, name.name, set, (group) =>
      privately(event, { code: "freezes", name: group.name, on }),
    );
  };
}
