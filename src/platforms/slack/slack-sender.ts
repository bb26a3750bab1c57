import type { RespondArguments, types, webApi } from "@slack/bolt";
import type { MessageRef } from "../../domain/ports/chat-platform.js";
import type { View } from "../../domain/ports/views/index.js";
import type { FormSpec } from "../shared/form-spec.js";
import type { PictureFile } from "../shared/picture-attachment.js";
import type { SlackMessage } from "./block-kit.js";
import { escapeControl } from "./mrkdwn.js";
import { clipAltText, type NoPrivatePicture, type SlackPrivatePictures } from "./private-pictures.js";
import { type FormOrigin, modalView } from "./slack-forms.js";
import { isUnreachable } from "./web-api-errors.js";

type WebClient = webApi.WebClient;

/** How the sender gets pictures: drawn off the event loop, and what to do when one cannot go out. */
export interface SenderPictures {
  readonly draw: (view: View) => Promise<PictureFile | undefined>;
  /** An upload that failed after its message went out: logged, the text version stands. */
  readonly uploadFailed: (error: unknown) => void;
  /** Pictures in ephemeral replies (SLACK_PRIVATE_PICTURES); absent: private replies are text. */
  readonly private?: SlackPrivatePictures;
  /** A private reply that goes out as text alone, and why: logged. */
  readonly privateMissed?: (reason: NoPrivatePicture, error: unknown) => void;
}

/** A private reply ready to send: its text version, and the same with its picture when one is ready. */
export interface PrivateReply {
  readonly text: SlackMessage;
  readonly pictured?: SlackMessage;
}

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
    private readonly pictures: SenderPictures = { draw: async () => undefined, uploadFailed: () => {} },
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

  /** The view as a reply through a response_url or chat.postEphemeral, which carry no files: those go inline. */
  replyMessage(view: View): SlackMessage {
    return inlineFile(this.render(view));
  }

  /**
   * A private reply: the text version, and, with private pictures on and the view's picture drawn and
   * processed by Slack in time, the same message with the picture as an image block. The text stays in
   * the pictured message too (screen readers, and everything the picture does not say).
   */
  async privateReply(view: View): Promise<PrivateReply> {
    const text = this.replyMessage(view);
    const privately = this.pictures.private;
    if (!privately) return { text };
    const image = await this.pictures.draw(view);
    if (!image) return { text };
    const made = await privately.imageBlock(image);
    if ("missing" in made) {
      this.pictures.privateMissed?.(made.missing, made.error);
      return { text };
    }
    return { text, pictured: withImage(text, made.block) };
  }

  async ephemeral(channelId: string, userId: string, message: SlackMessage): Promise<void> {
    await this.client.chat.postEphemeral({
      channel: channelId,
      user: userId,
      text: message.text,
      blocks: message.blocks,
    });
  }

  /** The body for a response_url or an ack: ephemeral replies cannot carry files, so those go inline. */
  responseBody(
    view: View | SlackMessage,
    how: { readonly responseType?: "ephemeral" | "in_channel"; readonly replaceOriginal?: boolean },
  ): RespondArguments {
    const message = "kind" in view ? this.replyMessage(view) : view;
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
    const alt = clipAltText(image.altText);
    await this.client.files.uploadV2({
      channel_id: channelId,
      filename: image.filename,
      title: image.filename,
      file: Buffer.from(image.png.buffer, image.png.byteOffset, image.png.byteLength),
      alt_text: alt,
    });
  }
}

/**
 * The message with the picture's image block before its buttons (the card, then what to do with it),
 * within Slack's 50 blocks.
 */
function withImage(message: SlackMessage, image: types.ImageBlock): SlackMessage {
  const blocks = message.blocks.slice(0, 49);
  const actions = blocks.findIndex((block) => block.type === "actions");
  const at = actions === -1 ? blocks.length : actions;
  return { ...message, blocks: [...blocks.slice(0, at), image, ...blocks.slice(at)] };
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
