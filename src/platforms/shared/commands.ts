import { runReviewMessageCommandId } from "../../app/code-review/commands.js";
import { declaredCommands } from "../../app/command-catalogue.js";
import type {
  CommandDeclaration,
  OptionDeclaration,
  OptionType,
  SubcommandDeclaration,
} from "../../app/command-declaration.js";
import {
  type CommandWords,
  commandWords,
  type OptionWords,
  runReviewMessageCommandName,
} from "./wording/command-words.js";

/**
 * The one catalogue of every command: Discord registration, Slack's manifest and argument parsing, the
 * console, and `/help` are all built from it. It is assembled from what the features declare
 * (`app/command-catalogue.ts`: names, options, limits) and the words the platforms give them
 * (`wording/command-words.ts`); a declared command, subcommand or option without words stops the module
 * loading, so no command reaches a platform undescribed.
 */
export type { OptionType };

export interface OptionDefinition extends OptionDeclaration {
  readonly description: string;
  /** Shown in help and in error messages: what a valid value looks like. */
  readonly example?: string;
}

export interface SubcommandDefinition extends Omit<SubcommandDeclaration, "options"> {
  readonly description: string;
  readonly options: readonly OptionDefinition[];
}

export interface CommandDefinition extends Omit<CommandDeclaration, "options" | "subcommands"> {
  readonly description: string;
  readonly subcommands: readonly SubcommandDefinition[];
  /** Options of a command without subcommands. */
  readonly options: readonly OptionDefinition[];
}

/** The declarations with their words; throws naming the first one that has none. */
export function describeCommands(
  declarations: readonly CommandDeclaration[],
  words: Readonly<Record<string, CommandWords>>,
): CommandDefinition[] {
  return declarations.map((command) => {
    const said = words[command.name];
    if (!said) throw new Error(`/${command.name} has no words in command-words.ts`);
    const where = `/${command.name}`;
    return {
      ...command,
      description: said.description,
      options: describeOptions(where, command.options, said.options),
      subcommands: command.subcommands.map((subcommand) => {
        const key = subcommandKey(subcommand);
        const subWords = said.subcommands?.[key];
        if (!subWords) throw new Error(`${where} ${key} has no words in command-words.ts`);
        return {
          ...subcommand,
          description: subWords.description,
          options: describeOptions(`${where} ${key}`, subcommand.options, subWords.options),
        };
      }),
    };
  });
}

function describeOptions(
  where: string,
  options: readonly OptionDeclaration[],
  words: Readonly<Record<string, OptionWords>> | undefined,
): OptionDefinition[] {
  return options.map((option) => {
    const said = words?.[option.name];
    if (!said) throw new Error(`${where} option ${option.name} has no words in command-words.ts`);
    return {
      ...option,
      description: said.description,
      ...(said.example !== undefined ? { example: said.example } : {}),
    };
  });
}

export const commandDefinitions: readonly CommandDefinition[] = describeCommands(
  declaredCommands,
  commandWords,
);

/** The "Run & review" action on a message (Discord message command, Slack message shortcut). */
export const runReviewMessageCommand = {
  name: runReviewMessageCommandName,
  id: runReviewMessageCommandId,
} as const;

export function findCommand(name: string): CommandDefinition | undefined {
  return commandDefinitions.find((command) => command.name === name);
}

/** `schedule add` for grouped subcommands, else the plain name. */
export function subcommandKey(subcommand: Pick<SubcommandDeclaration, "name" | "group">): string {
  return subcommand.group ? `${subcommand.group} ${subcommand.name}` : subcommand.name;
}
