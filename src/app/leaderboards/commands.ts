import type { CommandDeclaration } from "../command-declaration.js";

/** `/leaderboard [group] [period] [metric]`. */
export const leaderboardCommands: readonly CommandDeclaration[] = [
  {
    name: "leaderboard",
    options: [
      { name: "group", type: "string", autocomplete: "group" },
      { name: "period", type: "string", choices: ["week", "month", "all"] },
      { name: "metric", type: "string", choices: ["points", "accuracy", "answers", "streak"] },
    ],
    subcommands: [],
  },
];
