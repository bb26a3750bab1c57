import type { InteractionEditReplyOptions, InteractionReplyOptions, RawFile } from "discord.js";
import type { DiscordMessage } from "./render-message.js";

/** Nobody gets pinged by a quiz: display names and answers are user text and may contain mentions. */
const noMentions = { parse: [] };

/** For discord.js's interaction methods (reply, followUp, update, editReply). */
export function interactionPayload(
  message: DiscordMessage,
): InteractionReplyOptions & InteractionEditReplyOptions {
  return {
    embeds: message.embeds,
    components: message.components,
    files: message.files.map((file) => ({
      attachment: file.data,
      name: file.name,
      ...(file.description === undefined ? {} : { description: file.description }),
    })),
    // On an edit, files not listed are removed: a new view replaces the old one whole.
    attachments: [],
    allowedMentions: noMentions,
  };
}

/** For raw REST calls (channel messages, their edits, DMs). */
export function restPayload(message: DiscordMessage): { body: Record<string, unknown>; files: RawFile[] } {
  return {
    body: {
      embeds: message.embeds,
      components: message.components,
      attachments: message.files.map((file, index) => ({
        id: index,
        filename: file.name,
        ...(file.description === undefined ? {} : { description: file.description }),
      })),
      allowed_mentions: noMentions,
    },
    files: message.files.map((file) => ({ name: file.name, data: file.data })),
  };
}
