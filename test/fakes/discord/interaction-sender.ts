import type { FakeDiscord } from "./fake-discord.js";
import {
  channelPayload,
  type FakeUser,
  memberPayload,
  messagePayload,
  snowflake,
  userPayload,
} from "./payloads.js";

/** What a test gets back for an interaction it sent: enough to find the bot's answers to it. */
export interface SentInteraction {
  readonly id: string;
  readonly token: string;
  /** Matches the requests that answer this interaction (callback, @original edits, follow-ups). */
  readonly answers: (request: { path: string }) => boolean;
}

type OptionValue = string | number | boolean;

interface Where {
  /** The guild it comes from (else the guild of `channelId`, else the fake's first); its first channel unless `channelId`. */
  readonly guildId?: string;
  readonly channelId?: string;
  /** Send from a DM instead of the guild channel. */
  readonly dm?: boolean;
}

/** Option types (https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-type). */
function optionType(value: OptionValue): number {
  if (typeof value === "boolean") return 5;
  if (typeof value === "number") return Number.isInteger(value) ? 4 : 10;
  return 3;
}

/** Builds INTERACTION_CREATE payloads as Discord sends them and dispatches them on the fake gateway. */
export class InteractionSender {
  constructor(private readonly discord: FakeDiscord) {}

  /** `/name [group] [subcommand] options...`; `subcommand` is `start` or `schedule add`. */
  command(
    user: FakeUser,
    name: string,
    options: Readonly<Record<string, OptionValue>> = {},
    subcommand?: string,
    where: Where = {},
  ): SentInteraction {
    return this.dispatch(
      user,
      2,
      { id: snowflake(), name, type: 1, options: commandOptions(options, subcommand) },
      where,
    );
  }

  /** Typing in an autocompleted option: `focused` names the option being typed. */
  autocomplete(
    user: FakeUser,
    name: string,
    focused: string,
    partial: string,
    subcommand?: string,
    where: Where = {},
  ): SentInteraction {
    const options = commandOptions({ [focused]: partial }, subcommand);
    markFocused(options, focused);
    return this.dispatch(user, 4, { id: snowflake(), name, type: 1, options }, where);
  }

  /** Presses the button with `customId` on a message the bot sent (looked up in the fake's store). */
  button(user: FakeUser, messageId: string, customId: string): SentInteraction {
    const message = this.discord.messages.get(messageId);
    if (!message) throw new Error(`fake Discord: no message ${messageId}`);
    return this.dispatch(
      user,
      3,
      { custom_id: customId, component_type: 2 },
      { channelId: message.channel_id },
      messageId,
    );
  }

  /** Picks `values` in the string select with `customId`. */
  select(user: FakeUser, messageId: string, customId: string, values: readonly string[]): SentInteraction {
    const message = this.discord.messages.get(messageId);
    if (!message) throw new Error(`fake Discord: no message ${messageId}`);
    return this.dispatch(
      user,
      3,
      { custom_id: customId, component_type: 3, values: [...values] },
      { channelId: message.channel_id },
      messageId,
    );
  }

  /** Submits a modal with text inputs keyed by custom id. */
  modal(
    user: FakeUser,
    customId: string,
    fields: Readonly<Record<string, string>>,
    where: Where = {},
  ): SentInteraction {
    const components = Object.entries(fields).map(([id, value]) => ({
      type: 1,
      components: [{ type: 4, custom_id: id, value }],
    }));
    return this.dispatch(user, 5, { custom_id: customId, components }, where);
  }

  /** "Run & review" (a message command) on a message written by `author`. */
  messageCommand(
    user: FakeUser,
    name: string,
    target: { author: FakeUser; content: string },
    where: Where = {},
  ): SentInteraction {
    const channelId = where.channelId ?? this.discord.channelId;
    const targetId = snowflake();
    const message = {
      id: targetId,
      channel_id: channelId,
      author: userPayload(target.author),
      content: target.content,
      embeds: [],
      components: [],
      attachments: [],
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      type: 0,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
    };
    return this.dispatch(
      user,
      2,
      {
        id: snowflake(),
        name,
        type: 3,
        target_id: targetId,
        resolved: { messages: { [targetId]: message } },
      },
      where,
    );
  }

  private dispatch(
    user: FakeUser,
    type: number,
    data: unknown,
    where: Where,
    sourceMessageId?: string,
  ): SentInteraction {
    const discord = this.discord;
    const id = snowflake();
    const token = `itoken-${id}`;
    const guild =
      discord.guilds.find((candidate) =>
        where.guildId ? candidate.id === where.guildId : candidate.channelIds.includes(where.channelId ?? ""),
      ) ?? discord.guild;
    const guildId = where.dm ? undefined : guild.id;
    const channelId = where.dm
      ? `9${user.id.slice(1)}`
      : (where.channelId ?? guild.channelIds[0] ?? discord.channelId);
    discord.registerInteraction({ id, channelId, guildId, sourceMessageId, originalId: undefined }, token);
    const source = sourceMessageId ? discord.messages.get(sourceMessageId) : undefined;
    discord.gateway.dispatch("INTERACTION_CREATE", {
      id,
      application_id: discord.applicationId,
      type,
      token,
      version: 1,
      data,
      ...(guildId
        ? {
            guild_id: guildId,
            member: memberPayload(user),
            channel: channelPayload(guildId, channelId),
            context: 0,
            guild_locale: "en-US",
          }
        : {
            user: userPayload(user),
            channel: { id: channelId, type: 1, recipients: [userPayload(user)] },
            context: 1,
          }),
      channel_id: channelId,
      ...(source ? { message: messagePayload(source) } : {}),
      app_permissions: (1024n | 2048n | 16384n | 32768n).toString(),
      locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: guildId ? { "0": guildId } : { "1": user.id },
      attachment_size_limit: 10_485_760,
    });
    return {
      id,
      token,
      answers: (request) =>
        request.path.startsWith(`/interactions/${id}/`) ||
        request.path.startsWith(`/webhooks/${discord.applicationId}/${token}`),
    };
  }
}

function commandOptions(
  options: Readonly<Record<string, OptionValue>>,
  subcommand?: string,
): Record<string, unknown>[] {
  const leaf = Object.entries(options).map(([name, value]) => ({ name, type: optionType(value), value }));
  if (!subcommand) return leaf;
  const [first, second] = subcommand.split(" ");
  if (second) return [{ name: first, type: 2, options: [{ name: second, type: 1, options: leaf }] }];
  return [{ name: first, type: 1, options: leaf }];
}

function markFocused(options: Record<string, unknown>[], focused: string): void {
  for (const option of options) {
    if (option.name === focused && option.type !== 1 && option.type !== 2) option.focused = true;
    if (Array.isArray(option.options)) markFocused(option.options as Record<string, unknown>[], focused);
  }
}
