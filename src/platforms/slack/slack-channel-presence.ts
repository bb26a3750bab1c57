import type { webApi } from "@slack/bolt";
import type { ChannelPresence } from "../../domain/ports/chat-platform.js";

type WebClient = webApi.WebClient;

/** Beyond this many members question 1 runs its time anyway: listing them would cost more than it saves. */
export const presenceMemberLimit = 1000;
const pageSize = 200;

/**
 * A channel's members from `conversations.members` (https://docs.slack.dev/reference/methods/conversations.members,
 * scopes `channels:read` and `groups:read`), the bot's own user left out. Other apps' bot users are still
 * in the list and never answer, so in their channels question 1 runs its time: a list can only be trusted
 * to hold everyone, never to leave someone out. Big channels, and any refusal (a missing scope, a channel
 * the bot cannot see), are `unknown`.
 */
export async function slackChannelPresence(
  client: WebClient,
  channelId: string,
  botUserId: () => Promise<string | undefined>,
): Promise<ChannelPresence> {
  const members: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.conversations.members({
      channel: channelId,
      limit: pageSize,
      ...(cursor ? { cursor } : {}),
    });
    members.push(...(page.members ?? []));
    if (members.length > presenceMemberLimit) return { kind: "unknown" };
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  const bot = await botUserId();
  const ids = members.filter((id) => id !== bot);
  return ids.length > 0 ? { kind: "members", ids } : { kind: "unknown" };
}
