import type { CommandDeclaration } from "./command-declaration.js";
import type { Feature } from "./feature.js";

export const helpCommands: readonly CommandDeclaration[] = [{ name: "help", options: [], subcommands: [] }];

/** `/help` (`/quizhelp` on Slack): the command list, built by the adapter from the shared definitions. */
export function helpFeature(): Feature {
  return {
    name: "help",
    declares: helpCommands,
    commands: {
      help: async (event) => {
        await event.reply.private({ kind: "help" });
      },
    },
  };
}
