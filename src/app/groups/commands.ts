import type { CommandDeclaration, OptionDeclaration } from "../command-declaration.js";

const groupName: OptionDeclaration = {
  name: "name",
  type: "string",
  required: true,
  autocomplete: "group",
  rest: true,
};

/** `/group create|join|leave|list|rename|remove|freezes`. */
export const groupCommands: readonly CommandDeclaration[] = [
  {
    name: "group",
    options: [],
    subcommands: [
      { name: "create", options: [groupName] },
      { name: "join", options: [groupName] },
      { name: "leave", options: [groupName] },
      { name: "list", options: [] },
      {
        name: "rename",
        options: [
          { ...groupName, rest: false },
          { name: "new_name", type: "string", required: true, rest: true },
        ],
      },
      { name: "remove", options: [groupName] },
      {
        name: "freezes",
        options: [
          { ...groupName, rest: false },
          { name: "freezes", type: "string", required: true, choices: ["on", "off"] },
        ],
      },
    ],
  },
];
