/** Snowflake-shaped ids (https://discord.com/developers/docs/reference#snowflakes), increasing. */
const discordEpoch = 1_420_070_400_000n;
let increment = 0n;
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(at) - discordEpoch) << 22n) | increment).toString();
}

export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly globalName?: string;
  /** Has Manage Server in the guild. */
  readonly admin?: boolean;
  readonly roles?: readonly string[];
  readonly bot?: boolean;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly channelIds: readonly string[];
  readonly roles: readonly { readonly id: string; readonly name: string }[];
  /** Members, the bot included; a study server of 50 when not set (more than any test plays with). */
  readonly memberCount?: number;
}

export const defaultMemberCount = 50;

/** The member permissions Discord computes for the invoking member: everyone's basics, or with Manage Server. */
const memberBasics = (1024n | 2048n | 16384n | 32768n | 65536n).toString();
const manageGuild = (1024n | 2048n | 16384n | 32768n | 65536n | 32n).toString();

export function userPayload(user: FakeUser) {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName ?? null,
    discriminator: "0",
    avatar: null,
    bot: user.bot ?? false,
  };
}

export function memberPayload(user: FakeUser) {
  return {
    user: userPayload(user),
    roles: [...(user.roles ?? [])],
    nick: null,
    avatar: null,
    joined_at: "2026-01-01T00:00:00.000Z",
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    permissions: user.admin ? manageGuild : memberBasics,
  };
}

export function channelPayload(guildId: string, channelId: string) {
  return {
    id: channelId,
    type: 0,
    guild_id: guildId,
    name: `channel-${channelId.slice(-4)}`,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    parent_id: null,
  };
}

export function guildCreatePayload(guild: FakeGuild, bot: FakeUser) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: "1",
    unavailable: false,
    member_count: guild.memberCount ?? defaultMemberCount,
    large: false,
    joined_at: "2026-01-01T00:00:00.000Z",
    features: [],
    emojis: [],
    stickers: [],
    roles: [
      {
        id: guild.id,
        name: "@everyone",
        permissions: memberBasics,
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
      ...guild.roles.map((role, index) => ({
        id: role.id,
        name: role.name,
        permissions: "0",
        position: index + 1,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      })),
    ],
    channels: guild.channelIds.map((channelId) => channelPayload(guild.id, channelId)),
    threads: [],
    members: [memberPayload(bot)],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    preferred_locale: "en-US",
    premium_tier: 0,
    system_channel_flags: 0,
    verification_level: 0,
    explicit_content_filter: 0,
    default_message_notifications: 0,
    mfa_level: 0,
    nsfw_level: 0,
  };
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: ReturnType<typeof userPayload>;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: unknown[];
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  interaction_token?: string;
}

/** The message object Discord returns, with the fields discord.js's `Message` reads. */
export function messagePayload(message: StoredMessage) {
  const { interaction_token: _token, ...rest } = message;
  return {
    ...rest,
    type: 0,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
  };
}
