import type { CommandDeclaration, SubcommandDeclaration } from "../command-declaration.js";

const byId = (name: string): SubcommandDeclaration => ({
  name,
  group: "schedule",
  admin: true,
  options: [{ name: "id", type: "integer", required: true, min: 1 }],
});

/** `/quiz schedule add|list|pause|resume|remove`: the daily feature's share of `/quiz`. */
export const dailyCommands: readonly CommandDeclaration[] = [
  {
    name: "quiz",
    options: [],
    subcommands: [
      {
        name: "add",
        group: "schedule",
        admin: true,
        options: [
          // Typed text: the when is several words (`weekdays 09:00`, five cron fields), so it takes the
          // line, and the daily feature splits what follows it into pack, questions and time zone.
          { name: "when", type: "string", required: true, rest: true },
          { name: "pack", type: "string", autocomplete: "topic" },
          { name: "questions", type: "integer", min: 1, max: 10 },
          { name: "timezone", type: "string" },
          { name: "close_before", type: "integer", min: 0, max: 1440 },
        ],
      },
      { name: "list", group: "schedule", options: [] },
      byId("pause"),
      byId("resume"),
      byId("remove"),
    ],
  },
];
