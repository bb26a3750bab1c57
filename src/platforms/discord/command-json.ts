import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPutAPIApplicationCommandsJSONBody,
} from "discord.js";
import {
  type CommandDefinition,
  commandDefinitions,
  type OptionDefinition,
  runReviewMessageCommand,
  type SubcommandDefinition,
} from "../shared/commands.js";

/** Commands that only make sense in a server channel (rounds, leaderboards, groups); the rest work in DMs too. */
const guildOnly = new Set(["quiz", "leaderboard", "group"]);

/** Discord caps every name and description at 100 characters and rejects the whole PUT beyond that. */
const descriptionLimit = 100;

/**
 * The application command JSON for `PUT /applications/{id}/commands`, built from the shared definitions
 * (https://discord.com/developers/docs/interactions/application-commands#application-command-object):
 * `group` becomes a subcommand group, and "Run & review" is a message context-menu command (type 3).
 */
export function buildDiscordCommands(
  definitions: readonly CommandDefinition[] = commandDefinitions,
): RESTPutAPIApplicationCommandsJSONBody {
  const slashCommands = definitions.map((command) => ({
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: clip(command.description),
    options: command.subcommands.length > 0 ? subcommandOptions(command) : basicOptions(command.options),
    contexts: guildOnly.has(command.name)
      ? [InteractionContextType.Guild]
      : [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  }));
  return [
    ...slashCommands,
    {
      type: ApplicationCommandType.Message,
      name: runReviewMessageCommand.name,
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      integration_types: [ApplicationIntegrationType.GuildInstall],
    },
  ];
}

function subcommandOptions(command: CommandDefinition): APIApplicationCommandOption[] {
  const result: APIApplicationCommandOption[] = [];
  for (const subcommand of command.subcommands) {
    const option = subcommandOption(subcommand);
    if (!subcommand.group) {
      result.push(option);
      continue;
    }
    // Groups keep the position of their first subcommand, so the order in the picker follows the definitions.
    const existing = result.find(
      (candidate) =>
        candidate.type === ApplicationCommandOptionType.SubcommandGroup &&
        candidate.name === subcommand.group,
    );
    if (existing && existing.type === ApplicationCommandOptionType.SubcommandGroup) {
      existing.options = [...(existing.options ?? []), option];
    } else {
      result.push({
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: subcommand.group,
        description: clip(`${capitalize(subcommand.group)} commands`),
        options: [option],
      });
    }
  }
  return result;
}

function subcommandOption(subcommand: SubcommandDefinition): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: subcommand.name,
    description: clip(subcommand.description),
    options: basicOptions(subcommand.options),
  };
}

/** Discord requires required options before optional ones; the sort is stable, so the rest keep their order. */
function basicOptions(options: readonly OptionDefinition[]): APIApplicationCommandBasicOption[] {
  return [...options]
    .sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false))
    .map(basicOption);
}

function basicOption(option: OptionDefinition): APIApplicationCommandBasicOption {
  const base = {
    name: option.name,
    description: clip(option.description),
    required: option.required ?? false,
  };
  switch (option.type) {
    case "boolean":
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case "integer":
    case "number":
      return {
        ...base,
        type:
          option.type === "integer"
            ? ApplicationCommandOptionType.Integer
            : ApplicationCommandOptionType.Number,
        ...(option.min !== undefined ? { min_value: option.min } : {}),
        ...(option.max !== undefined ? { max_value: option.max } : {}),
        ...(option.autocomplete ? { autocomplete: true } : {}),
      };
    case "string":
      // Discord forbids choices together with autocomplete; fixed choices win as they need no round trip.
      if (option.choices) {
        return {
          ...base,
          type: ApplicationCommandOptionType.String,
          choices: option.choices.map((choice) => ({ name: choice, value: choice })),
        };
      }
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(option.min !== undefined ? { min_length: option.min } : {}),
        ...(option.max !== undefined ? { max_length: option.max } : {}),
        ...(option.autocomplete ? { autocomplete: true } : {}),
      };
  }
}

function clip(text: string): string {
  return text.length <= descriptionLimit ? text : `${text.slice(0, descriptionLimit - 1)}…`;
}

function capitalize(text: string): string {
  return `${text.slice(0, 1).toUpperCase()}${text.slice(1)}`;
}
