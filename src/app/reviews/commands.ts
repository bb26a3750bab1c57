import type { CommandDeclaration } from "../command-declaration.js";

/** `/review [start|settings]` and `/stats`. */
export const reviewCommands: readonly CommandDeclaration[] = [
  {
    name: "review",
    defaultSubcommand: "start",
    options: [],
    subcommands: [
      { name: "start", options: [] },
      {
        name: "settings",
        options: [
          { name: "retention", type: "number", min: 0.7, max: 0.97 },
          { name: "new_per_day", type: "integer", min: 0, max: 200 },
          { name: "timezone", type: "string" },
          { name: "reminder", type: "string" },
          { name: "snippet_cards", type: "boolean" },
          { name: "easy_days", type: "string" },
          { name: "vacation", type: "string" },
        ],
      },
    ],
  },
  { name: "stats", options: [], subcommands: [] },
];
