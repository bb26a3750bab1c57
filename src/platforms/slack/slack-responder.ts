import type { RespondFn } from "@slack/bolt";
import type { MessageRef, Responder } from "../../domain/ports/chat-platform.js";
import type { FormView } from "../../domain/ports/views/form.js";
import type { View } from "../../domain/ports/views/index.js";
import type { Logger } from "../../logger.js";
import { presentForm } from "../shared/wording/forms.js";
import type { SlackMessage } from "./block-kit.js";
import type { SlackSender } from "./slack-sender.js";
import { isUnreachable, slackErrorCode } from "./web-api-errors.js";

/** What one delivery lets us answer with. Commands, actions and shortcuts carry a response_url and a trigger. */
export interface ReplyTarget {
  readonly workspaceId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly respond?: RespondFn;
  readonly triggerId?: string;
  /** The message a button sat on: `update` edits it. */
  readonly source?: { readonly channelId: string; readonly ts: string; readonly ephemeral: boolean };
}

/**
 * The Responder for one Slack delivery. Bolt has already acknowledged it (within Slack's 3 s), so `defer`
 * has nothing left to do. Private replies prefer the response_url, which works in channels the bot was
 * never invited to; public replies use chat.postMessage because only that returns a `ts` to edit later.
 */
export function slackResponder(sender: SlackSender, target: ReplyTarget, logger: Logger): Responder {
  const viaResponseUrl = async (message: SlackMessage, how: Parameters<SlackSender["responseBody"]>[1]) => {
    if (!target.respond) return false;
    try {
      await target.respond(sender.responseBody(message, how));
      return true;
    } catch (error) {
      // Expired (30 minutes) or used up (five posts): the Web API still works.
      logger.debug({ err: error }, "response_url refused; falling back to the Web API");
      return false;
    }
  };

  /** `false` when the member cannot be reached in this channel (the bot is not in it, say). */
  const ephemerally = async (message: SlackMessage): Promise<boolean> => {
    if (await viaResponseUrl(message, { responseType: "ephemeral", replaceOriginal: false })) return true;
    try {
      await sender.ephemeral(target.channelId, target.userId, message);
      return true;
    } catch (error) {
      if (isUnreachable(error)) return false;
      throw error;
    }
  };

  const replyPrivately = async (view: View) => {
    const { text, pictured } = await sender.privateReply(view);
    let delivered: boolean;
    try {
      delivered = await ephemerally(pictured ?? text);
    } catch (error) {
      // Slack refusing the picture after all (invalid_blocks: a file it no longer has ready): text alone.
      if (!pictured || slackErrorCode(error) !== "invalid_blocks") throw error;
      logger.warn({ err: error }, "private picture refused; the text went alone");
      delivered = await ephemerally(text);
    }
    if (!delivered) await sender.directMessage(target.userId, view);
  };

  return {
    async public(view: View): Promise<MessageRef | undefined> {
      try {
        return await sender.post(target.channelId, view);
      } catch (error) {
        // A private channel the bot is not in: the response_url can still post there, without a ref to edit.
        if (!isUnreachable(error)) throw error;
        const message = sender.replyMessage(view);
        if (await viaResponseUrl(message, { responseType: "in_channel", replaceOriginal: false }))
          return undefined;
        throw error;
      }
    },
    private: replyPrivately,
    async update(view: View): Promise<void> {
      const source = target.source;
      if (source && !source.ephemeral) {
        await sender.update(source.channelId, source.ts, view);
        return;
      }
      // Ephemeral messages have no channel copy to chat.update; their response_url replaces them.
      if (await viaResponseUrl(sender.replyMessage(view), { replaceOriginal: true })) return;
      await replyPrivately(view);
    },
    async defer(): Promise<void> {},
    async openForm(form: FormView): Promise<void> {
      if (!target.triggerId) throw new Error("this Slack delivery carries no trigger_id to open a form with");
      await sender.openModal(target.triggerId, presentForm(form), {
        workspaceId: target.workspaceId,
        channelId: target.channelId,
      });
    },
  };
}
