import {
  type APIInteractionGuildMember,
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type BaseInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  GuildMember,
  PermissionFlagsBits,
  type User,
} from "discord.js";
import type { ChatUser, OptionValue, Place } from "../../domain/ports/chat-platform.js";
import { err, type Result } from "../../domain/result.js";
import { findCommand } from "../shared/commands.js";
import { type ParsedCommand, type ParseProblem, validateOptions } from "../shared/parse-options.js";

/** A Discord guild, or "dm" for direct messages with the bot, plus the channel. */
export function placeOf(interaction: BaseInteraction): Place {
  return {
    platform: "discord",
    workspaceId: interaction.guildId ?? "dm",
    channelId: interaction.channelId ?? "",
  };
}

/**
 * The member who acted. Admin means Manage Server (the permission Discord itself asks for to manage a
 * server's integrations) or the role named in DISCORD_ADMIN_ROLE, by id or by name.
 */
export function userOf(interaction: BaseInteraction, adminRole: string | undefined): ChatUser {
  const member = interaction.member;
  const manages = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  return {
    platform: "discord",
    id: interaction.user.id,
    displayName: displayNameOf(interaction.user, member),
    isAdmin: manages || (adminRole !== undefined && hasRole(interaction, adminRole)),
  };
}

/** An author who did not act (the target of "Run & review"): their rights are unknown, so not admin. */
export function authorOf(user: User, member: GuildMember | null): ChatUser {
  return { platform: "discord", id: user.id, displayName: displayNameOf(user, member), isAdmin: false };
}

function displayNameOf(user: User, member: GuildMember | APIInteractionGuildMember | null): string {
  if (member instanceof GuildMember) return member.displayName;
  return member?.nick ?? user.displayName;
}

function hasRole(interaction: BaseInteraction, role: string): boolean {
  const member = interaction.member;
  if (!member) return false;
  const roleIds = member instanceof GuildMember ? [...member.roles.cache.keys()] : member.roles;
  return roleIds.some((id) => id === role || interaction.guild?.roles.cache.get(id)?.name === role);
}

/**
 * Flattens Discord's nested options (group -> subcommand -> values) and checks them against the shared
 * definitions: Discord validates too, but commands registered from an older version can still send
 * something the current definitions reject.
 */
export function parseChatInput(
  interaction: ChatInputCommandInteraction,
): Result<ParsedCommand, ParseProblem> {
  const command = findCommand(interaction.commandName);
  if (!command) return err({ code: "unknown_command", name: interaction.commandName });
  const { group, subcommand, values } = flatten(interaction.options.data);
  const definition =
    subcommand === undefined
      ? undefined
      : command.subcommands.find((candidate) => candidate.name === subcommand && candidate.group === group);
  if (command.subcommands.length > 0 && !definition) {
    return err({
      code: "unknown_command",
      name: [command.name, group, subcommand].filter(Boolean).join(" "),
    });
  }
  return validateOptions(command, definition, values);
}

/** The command's name and subcommand key for an autocomplete request, and the option being typed. */
export function parseAutocomplete(interaction: AutocompleteInteraction): {
  subcommand: string | undefined;
  option: string;
  partial: string;
  kind: string | undefined;
} {
  const { group, subcommand } = flatten(interaction.options.data);
  const focused = interaction.options.getFocused(true);
  const key = subcommand === undefined ? undefined : group ? `${group} ${subcommand}` : subcommand;
  return {
    subcommand: key,
    option: focused.name,
    partial: String(focused.value),
    kind: autocompleteKind(interaction.commandName, key, focused.name),
  };
}

/** The catalogue's autocomplete kind of an option ("topic", "pack", "group"), which names the feature's list. */
function autocompleteKind(
  command: string,
  subcommand: string | undefined,
  option: string,
): string | undefined {
  const definition = findCommand(command);
  const options =
    definition?.subcommands.find((sub) => `${sub.group ? `${sub.group} ` : ""}${sub.name}` === subcommand)
      ?.options ?? definition?.options;
  return options?.find((candidate) => candidate.name === option)?.autocomplete;
}

function flatten(options: readonly CommandInteractionOption[]): {
  group: string | undefined;
  subcommand: string | undefined;
  values: Record<string, OptionValue>;
} {
  let group: string | undefined;
  let subcommand: string | undefined;
  const values: Record<string, OptionValue> = {};
  const visit = (list: readonly CommandInteractionOption[]) => {
    for (const option of list) {
      if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
        group = option.name;
        visit(option.options ?? []);
      } else if (option.type === ApplicationCommandOptionType.Subcommand) {
        subcommand = option.name;
        visit(option.options ?? []);
      } else if (option.value !== undefined && option.value !== null) {
        values[option.name] = option.value;
      }
    }
  };
  visit(options);
  return { group, subcommand, values };
}
