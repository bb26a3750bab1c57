import type { RespondArguments, types, webApi } from "@slack/bolt";
import type { MessageRef } from "../../domain/ports/chat-platform.js";
import type { View } from "../../domain/ports/views/index.js";
import type { FormSpec } from "../shared/form-spec.js";
import type { PictureFile } from "../shared/picture-attachment.js";
import type { SlackMessage } from "./block-kit.js";
import { escapeControl } from "./mrkdwn.js";
import { type FormOrigin, modalView } from "./slack-forms.js";

type WebClient = webApi.WebClient;

/** Errors that mean "this member or channel cannot be reached this way", not a bug. */
const unreachable = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "cannot_dm_bot",
  "user_not_found",
  "user_disabled",
  "user_not_visible",
  "messages_tab_disabled",
]);

export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === "string" ? data.error : undefined;
}

export function isUnreachable(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== undefined && unreachable.has(code);
}

/** Slack's limit on an image's alt text (https://docs.slack.dev/reference/block-kit/blocks/image-block). */
const altTextLimit = 2000;

/**
 * Every Web API call the adapter makes, in one place: views are rendered to Block Kit here and long
 * attachments uploaded next to their message. The Web API client already waits out 429s (Retry-After).
 * A view's picture goes up with files.uploadV2 into the channel right under its message, which keeps
 * the text version (buttons, edits, screen readers).
 */
export class SlackSender {
  constructor(
    private readonly client: WebClient,
    private readonly render: (view: View) => SlackMessage,
    private readonly pictures: {
      readonly draw: (view: View) => Promise<PictureFile | undefined>;
      /** An upload that failed after its message went out: logged, the text version stands. */
      readonly uploadFailed: (error: unknown) => void;
    } = { draw: async () => undefined, uploadFailed: () => {} },
  ) {}

  renderView(view: View): SlackMessage {
    return this.render(view);
  }

  async post(channelId: string, view: View): Promise<MessageRef> {
    const message = this.render(view);
    // Drawn while the message is being posted; a picture that fails leaves the text message alone.
    const drawing = this.pictures.draw(view);
    const result = await this.client.chat.postMessage({
      channel: channelId,
      text: message.text,
      blocks: message.blocks,
    });
    const channel = result.channel ?? channelId;
    const ts = result.ts;
    if (!ts) throw new Error("chat.postMessage returned no ts");
    if (message.file) await this.upload(channel, ts, message.file);
    if (message.uploads) await this.uploadFiles(channel, ts, message.uploads);
    const image = await drawing;
    if (image) await this.uploadPicture(channel, image).catch(this.pictures.uploadFailed);
    return { platform: "slack", channelId: channel, messageId: ts };
  }

  async update(channelId: string, ts: string, view: View): Promise<void> {
    const message = this.render(view);
    await this.client.chat.update({ channel: channelId, ts, text: message.text, blocks: message.blocks });
  }

  async ephemeral(channelId: string, userId: string, view: View): Promise<void> {
    const message = inlineFile(this.render(view));
    await this.client.chat.postEphemeral({
      channel: channelId,
      user: userId,
      text: message.text,
      blocks: message.blocks,
    });
  }

  /** The body for a response_url or an ack: ephemeral replies cannot carry files, so those go inline. */
  responseBody(
    view: View,
    how: { readonly responseType?: "ephemeral" | "in_channel"; readonly replaceOriginal?: boolean },
  ): RespondArguments {
    const message = inlineFile(this.render(view));
    const body: RespondArguments = { text: message.text, blocks: message.blocks };
    if (how.responseType) body.response_type = how.responseType;
    if (how.replaceOriginal !== undefined) body.replace_original = how.replaceOriginal;
    return body;
  }

  /** `undefined` when the member cannot be messaged (DMs closed, deactivated, a bot). */
  async directMessage(userId: string, view: View): Promise<MessageRef | undefined> {
    try {
      const opened = await this.client.conversations.open({ users: userId });
      const channelId = opened.channel?.id;
      if (!channelId) return undefined;
      return await this.post(channelId, view);
    } catch (error) {
      if (isUnreachable(error)) return undefined;
      throw error;
    }
  }

  async openModal(triggerId: string, form: FormSpec, origin: FormOrigin): Promise<void> {
    await this.client.views.open({ trigger_id: triggerId, view: modalView(form, origin) });
  }

  async publishHome(userId: string, blocks: types.KnownBlock[]): Promise<void> {
    await this.client.views.publish({ user_id: userId, view: { type: "home", blocks } });
  }

  /** A snippet's files, in one files.uploadV2 call, in the result's thread like its full output. */
  private async uploadFiles(
    channelId: string,
    threadTs: string,
    files: NonNullable<SlackMessage["uploads"]>,
  ) {
    await this.client.files.uploadV2({
      channel_id: channelId,
      thread_ts: threadTs,
      file_uploads: files.map((file) => ({
        filename: file.name,
        title: file.name,
        file: Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength),
      })),
    });
  }

  private async upload(channelId: string, threadTs: string, file: NonNullable<SlackMessage["file"]>) {
    await this.client.files.uploadV2({
      channel_id: channelId,
      thread_ts: threadTs,
      filename: file.filename,
      title: file.filename,
      content: file.content,
    });
  }

  private async uploadPicture(channelId: string, image: PictureFile): Promise<void> {
    const alt =
      image.altText.length <= altTextLimit ? image.altText : `${image.altText.slice(0, altTextLimit - 1)}…`;
    await this.client.files.uploadV2({
      channel_id: channelId,
      filename: image.filename,
      title: image.filename,
      file: Buffer.from(image.png.buffer, image.png.byteOffset, image.png.byteLength),
      alt_text: alt,
    });
  }
}

function inlineFile(message: SlackMessage): SlackMessage {
  if (!message.file) return message;
  const limit = 2800;
  const content =
    message.file.content.length > limit
      ? `${message.file.content.slice(0, limit)}\n… (truncated)`
      : message.file.content;
  return {
    text: message.text,
    blocks: [
      ...message.blocks.slice(0, 48),
      { type: "section", text: { type: "mrkdwn", text: `\`\`\`\n${escapeControl(content)}\n\`\`\`` } },
    ],
  };
}
