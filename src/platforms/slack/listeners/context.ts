import type { Place } from "../../../domain/ports/chat-platform.js";
import type { ListenerDependencies } from "../slack-listeners.js";
import { type ReplyTarget, slackResponder } from "../slack-responder.js";

/** What every listener uses: the dependencies, and how a place and a reply are made on Slack. */
export interface ListenerContext extends ListenerDependencies {
  place(workspaceId: string, channelId: string): Place;
  reply(target: ReplyTarget): ReturnType<typeof slackResponder>;
}

export function listenerContext(deps: ListenerDependencies): ListenerContext {
  return {
    ...deps,
    place: (workspaceId, channelId) => ({ platform: "slack", workspaceId, channelId }),
    reply: (target) => slackResponder(deps.sender, target, deps.logger),
  };
}
