import type { Feature } from "./feature.js";

/** `/help` (`/quizhelp` on Slack): the command list, built by the adapter from the shared definitions. */
export function helpFeature(): Feature {
  return {
    name: "help",
    commands: {
      help: async (event) => {
        await event.reply.private({ kind: "help" });
      },
    },
  };
}
