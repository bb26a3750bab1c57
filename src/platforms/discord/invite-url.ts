import { PermissionFlagsBits } from "discord.js";

/**
 * The channel permissions the bot asks for when invited, and why each one. Interaction replies, follow-ups
 * and ephemeral messages go through the interaction webhook and need none of these; they are for the
 * messages the bot posts on its own (round questions after a timer, daily quizzes, reminders).
 * https://discord.com/developers/docs/topics/permissions
 */
export const botPermissions = [
  { flag: PermissionFlagsBits.ViewChannel, name: "View Channel", why: "see the channel it posts quizzes in" },
  {
    flag: PermissionFlagsBits.SendMessages,
    name: "Send Messages",
    why: "post questions, daily quizzes, summaries",
  },
  { flag: PermissionFlagsBits.EmbedLinks, name: "Embed Links", why: "questions and results are embeds" },
  {
    flag: PermissionFlagsBits.AttachFiles,
    name: "Attach Files",
    why: "long program output is sent as a file",
  },
] as const;

/** The permissions integer for the invite link (52224 = 1024 + 2048 + 16384 + 32768). */
export const botPermissionBits: bigint = botPermissions.reduce(
  (bits, permission) => bits | permission.flag,
  0n,
);

/** The OAuth2 link a server admin opens to add the bot with slash commands and the permissions above. */
export function inviteUrl(applicationId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${encodeURIComponent(applicationId)}&scope=bot+applications.commands&permissions=${botPermissionBits}`;
}
