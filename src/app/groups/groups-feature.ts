import type { AutocompleteEvent } from "../../domain/ports/chat-platform.js";
import type { Feature } from "../feature.js";
import { groupCommands } from "./commands.js";
import { type GroupsFeatureDeps, workspaceOf } from "./handlers/deps.js";
import { groupJoin, groupLeave, groupList } from "./handlers/membership.js";
import { groupCreate, groupFreezes, groupRemove, groupRename } from "./handlers/ownership.js";

export { type GroupsFeatureDeps, workspaceOf } from "./handlers/deps.js";

const autocompleteLimit = 25;

/**
 * `/group create|join|leave|list|rename|remove|freezes`: named study groups of a server/workspace. Every refusal
 * is a private reply saying what to do instead; a new group is announced in the channel.
 */
export function groupsFeature(deps: GroupsFeatureDeps): Feature {
  return {
    name: "groups",
    declares: groupCommands,
    commands: {
      "group create": groupCreate(deps),
      "group join": groupJoin(deps),
      "group leave": groupLeave(deps),
      "group list": groupList(deps),
      "group rename": groupRename(deps),
      "group remove": groupRemove(deps),
      "group freezes": groupFreezes(deps),
    },
    autocomplete: {
      group: async (event: AutocompleteEvent) => {
        const names = await deps.groups.searchGroups(
          workspaceOf(event.place),
          event.partial,
          autocompleteLimit,
        );
        await event.respond(names.map((name) => ({ name, value: name })));
      },
    },
  };
}
