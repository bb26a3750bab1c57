import type { CommandDeclaration } from "../command-declaration.js";

const roundModes = ["everyone", "first_correct"];

/** `/quiz start|stop|config`: the rounds feature's share of `/quiz`. */
export const roundsCommands: readonly CommandDeclaration[] = [
  {
    name: "quiz",
    options: [],
    subcommands: [
      {
        name: "start",
        options: [
          { name: "topic", type: "string", autocomplete: "topic" },
          { name: "questions", type: "integer", min: 1, max: 50 },
          { name: "mode", type: "string", choices: roundModes },
          { name: "seconds", type: "integer", min: 5, max: 600 },
        ],
      },
      { name: "stop", options: [] },
      {
        name: "config",
        admin: true,
        options: [
          { name: "seconds", type: "integer", min: 5, max: 600 },
          { name: "mode", type: "string", choices: roundModes },
          { name: "timezone", type: "string" },
        ],
      },
    ],
  },
];
