import type { CommandDeclaration } from "../command-declaration.js";

/** `/run`, `/explore` and `/check`. */
export const codeReviewCommands: readonly CommandDeclaration[] = [
  {
    name: "run",
    options: [
      { name: "code", type: "string", rest: true },
      { name: "python", type: "string", autocomplete: "interpreter" },
      { name: "input", type: "string" },
    ],
    subcommands: [],
  },
  { name: "explore", options: [{ name: "code", type: "string", rest: true }], subcommands: [] },
  {
    name: "timeit",
    options: [
      { name: "code", type: "string", required: true, rest: true },
      { name: "setup", type: "string" },
      { name: "python", type: "string", autocomplete: "interpreter" },
    ],
    subcommands: [],
  },
  {
    name: "check",
    options: [{ name: "code", type: "string", required: true, rest: true }],
    subcommands: [],
  },
];

/** The "Run & review" action on a message (Discord message command, Slack message shortcut). */
export const runReviewMessageCommandId = "run-review";
