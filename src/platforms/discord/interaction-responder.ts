import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from "discord.js";
import type { MessageRef, Responder } from "../../domain/ports/chat-platform.js";
import type { FormView } from "../../domain/ports/views/form.js";
import type { View } from "../../domain/ports/views/index.js";
import type { Logger } from "../../logger.js";
import { presentForm } from "../shared/wording/forms.js";
import { interactionPayload } from "./payloads.js";
import { redactDiscordError } from "./redacted-error.js";
import { renderForm } from "./render-form.js";
import type { DiscordMessage } from "./render-message.js";

export type RepliableInteraction =
  | ChatInputCommandInteraction
  | MessageContextMenuCommandInteraction
  | ButtonInteraction
  | StringSelectMenuInteraction
  | ModalSubmitInteraction;

/** How far this interaction has been answered; Discord accepts exactly one initial response. */
type Acknowledgement =
  | { readonly kind: "none" }
  | { readonly kind: "deferred_reply"; readonly private: boolean; pending: boolean }
  | { readonly kind: "deferred_update" }
  | { readonly kind: "replied" }
  | { readonly kind: "updated" }
  | { readonly kind: "form" };

/** What the responder needs from the platform: rendering and the REST fallbacks that outlive the token. */
export interface ResponderContext {
  /** A view as Discord takes it; a picture in it is drawn off the event loop, hence a promise. */
  readonly render: (view: View) => Promise<DiscordMessage>;
  readonly postToChannel: (channelId: string, message: DiscordMessage) => Promise<MessageRef>;
  readonly editChannelMessage: (ref: MessageRef, message: DiscordMessage) => Promise<void>;
  readonly logger: Logger;
  readonly now: () => number;
  /** Acknowledge on the member's behalf this long after receipt if the handler has not (Discord allows 3 s). */
  readonly autoDeferMs: number;
}

/**
 * Interaction tokens last 15 minutes (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object);
 * a little before that, answers go through the bot's own REST routes instead.
 */
const tokenLifetimeMs = 14.5 * 60_000;

/** Discord error codes meaning the interaction token is gone: Unknown Webhook, Unknown Interaction, Invalid Webhook Token. */
const expiredTokenCodes = new Set([10015, 10062, 50027]);

/**
 * Answers one interaction: tracks whether it was acknowledged, picks reply / follow-up / edit accordingly,
 * defers by itself before Discord's 3-second limit, and falls back to channel messages once the token expired.
 * Calls are serialised, so a timer's automatic defer never races the handler's own answer.
 */
export class InteractionResponder implements Responder {
  private state: Acknowledgement = { kind: "none" };
  private delivered = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly receivedAt: number;
  private readonly autoDefer: NodeJS.Timeout | undefined;

  constructor(
    private readonly interaction: RepliableInteraction,
    private readonly context: ResponderContext,
  ) {
    this.receivedAt = context.now();
    if (context.autoDeferMs > 0) {
      this.autoDefer = setTimeout(() => {
        this.defer({ private: true }).catch((error: unknown) =>
          context.logger.warn({ err: error, interactionId: interaction.id }, "automatic defer failed"),
        );
      }, context.autoDeferMs);
      this.autoDefer.unref();
    }
  }

  /**
   * Whether the member has seen an answer (a deferral alone is not one): a handler that fails before that
   * still gets its private error message.
   */
  get answered(): boolean {
    return this.delivered;
  }

  /** Stops the automatic defer: the handler is done, whatever it answered. */
  settle(): void {
    if (this.autoDefer) clearTimeout(this.autoDefer);
  }

  public(view: View): Promise<MessageRef | undefined> {
    const rendering = this.context.render(view);
    return this.serial(true, async () => {
      const message = await this.rendered(rendering, false);
      if (this.expired()) return await this.context.postToChannel(this.channelId(), message);
      return await this.orChannel(message, async () => {
        const state = this.state;
        if (state.kind === "none") {
          const response = await this.interaction.reply({
            ...interactionPayload(message),
            withResponse: true,
          });
          this.state = { kind: "replied" };
          const sent = response.resource?.message;
          return sent ? this.ref(sent.channelId, sent.id) : undefined;
        }
        if (state.kind === "deferred_reply" && state.pending && !state.private) {
          state.pending = false;
          const sent = await this.interaction.editReply(interactionPayload(message));
          return this.ref(sent.channelId, sent.id);
        }
        if (state.kind === "deferred_reply" && state.pending) {
          // A private "thinking..." cannot turn public: remove it and post in the channel instead.
          state.pending = false;
          await this.interaction.deleteReply().catch(() => undefined);
          return await this.context.postToChannel(this.channelId(), message);
        }
        const sent = await this.interaction.followUp(interactionPayload(message));
        return this.ref(sent.channelId, sent.id);
      });
    });
  }

  private(view: View): Promise<void> {
    const rendering = this.context.render(view);
    return this.serial(true, async () => {
      if (this.expired()) {
        this.context.logger.warn(
          { interactionId: this.interaction.id },
          "private reply dropped: interaction expired",
        );
        return;
      }
      const message = await this.rendered(rendering, true);
      const payload = { ...interactionPayload(message), flags: MessageFlags.Ephemeral } as const;
      const state = this.state;
      if (state.kind === "none") {
        await this.interaction.reply(payload);
        this.state = { kind: "replied" };
        return;
      }
      if (state.kind === "deferred_reply" && state.pending) {
        state.pending = false;
        if (state.private) {
          await this.interaction.editReply(interactionPayload(message));
          return;
        }
        await this.interaction.deleteReply().catch(() => undefined);
      }
      await this.interaction.followUp(payload);
    });
  }

  update(view: View): Promise<void> {
    const rendering = this.context.render(view);
    return this.serial(true, async () => {
      const message = await this.rendered(rendering, true);
      const interaction = this.interaction;
      const source = sourceMessage(interaction);
      if (this.expired()) {
        await this.lateUpdate(message, source);
        return;
      }
      const state = this.state;
      try {
        const updatable = interaction.isMessageComponent()
          ? interaction
          : interaction.isModalSubmit() && interaction.isFromMessage()
            ? interaction
            : undefined;
        if (state.kind === "none" && updatable) {
          await updatable.update(interactionPayload(message));
          this.state = { kind: "updated" };
          return;
        }
        if (state.kind === "none") {
          await interaction.reply(interactionPayload(message));
          this.state = { kind: "replied" };
          return;
        }
        if (state.kind === "deferred_reply") state.pending = false;
        if (state.kind === "replied" && source) {
          // @original is our reply now, not the message the button was on: edit that one directly.
          await this.context.editChannelMessage(this.ref(source.channelId, source.id), message);
          return;
        }
        await interaction.editReply(interactionPayload(message));
      } catch (error) {
        if (!isExpiredToken(error)) throw error;
        await this.lateUpdate(message, source);
      }
    });
  }

  defer(options: { readonly private: boolean }): Promise<void> {
    return this.serial(false, () => this.deferNow(options.private));
  }

  private async deferNow(privately: boolean): Promise<void> {
    if (this.state.kind !== "none" || this.expired()) return;
    const interaction = this.interaction;
    if ((interaction.isMessageComponent() || interaction.isModalSubmit()) && sourceMessage(interaction)) {
      // For a button the natural answer is an edit of its message (or a private follow-up), so no "thinking...".
      await interaction.deferUpdate();
      this.state = { kind: "deferred_update" };
      return;
    }
    await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
    this.state = { kind: "deferred_reply", private: privately, pending: true };
  }

  /**
   * The rendered message, once its picture is drawn. A picture still drawing when the automatic defer is due
   * would keep this answer, and the defer queued behind it, past Discord's 3 seconds: so it defers first.
   */
  private async rendered(rendering: Promise<DiscordMessage>, privately: boolean): Promise<DiscordMessage> {
    const left = this.receivedAt + this.context.autoDeferMs - this.context.now();
    if (this.state.kind !== "none" || this.context.autoDeferMs <= 0) return await rendering;
    let timer: NodeJS.Timeout | undefined;
    const due = new Promise<"due">((resolve) => {
      timer = setTimeout(() => resolve("due"), Math.max(0, left));
    });
    const first = await Promise.race([rendering, due]);
    clearTimeout(timer);
    if (first !== "due") return first;
    await this.deferNow(privately);
    return await rendering;
  }

  openForm(form: FormView): Promise<void> {
    return this.serial(true, async () => {
      const interaction = this.interaction;
      if (this.state.kind !== "none" || interaction.isModalSubmit()) {
        throw new Error("a form can only be the first answer to a command or button");
      }
      await interaction.showModal(renderForm(presentForm(form)));
      this.state = { kind: "form" };
    });
  }

  private async lateUpdate(
    message: DiscordMessage,
    source: { id: string; channelId: string; ephemeral: boolean } | undefined,
  ) {
    if (source && !source.ephemeral) {
      await this.context.editChannelMessage(this.ref(source.channelId, source.id), message);
      return;
    }
    if (source?.ephemeral) {
      this.context.logger.warn(
        { interactionId: this.interaction.id },
        "update of a private message dropped: interaction expired",
      );
      return;
    }
    await this.context.postToChannel(this.channelId(), message);
  }

  /** Runs an interaction call; if the token turned out to be expired, posts to the channel instead. */
  private async orChannel(
    message: DiscordMessage,
    send: () => Promise<MessageRef | undefined>,
  ): Promise<MessageRef | undefined> {
    try {
      return await send();
    } catch (error) {
      if (!isExpiredToken(error)) throw error;
      return await this.context.postToChannel(this.channelId(), message);
    }
  }

  private expired(): boolean {
    return this.context.now() - this.receivedAt > tokenLifetimeMs;
  }

  private channelId(): string {
    const channelId = this.interaction.channelId;
    if (!channelId) throw new Error("interaction has no channel");
    return channelId;
  }

  private ref(channelId: string, messageId: string): MessageRef {
    return { platform: "discord", channelId, messageId };
  }

  private serial<T>(answers: boolean, task: () => Promise<T>): Promise<T> {
    const tracked = async () => {
      try {
        const result = await task();
        if (answers) this.delivered = true;
        return result;
      } catch (error) {
        // What leaves the responder may be logged by anyone: no interaction token in it.
        throw redactDiscordError(error);
      }
    };
    const run = this.queue.then(tracked, tracked);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function sourceMessage(
  interaction: RepliableInteraction,
): { id: string; channelId: string; ephemeral: boolean } | undefined {
  if (!(interaction.isMessageComponent() || interaction.isModalSubmit())) return undefined;
  const message = interaction.message;
  if (!message) return undefined;
  return {
    id: message.id,
    channelId: message.channelId,
    ephemeral: message.flags.has(MessageFlags.Ephemeral),
  };
}

export function isExpiredToken(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError && typeof error.code === "number" && expiredTokenCodes.has(error.code)
  );
}
