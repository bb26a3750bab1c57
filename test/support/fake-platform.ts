import type {
  ButtonEvent,
  ChannelPresence,
  ChatPlatform,
  ChatUser,
  CommandEvent,
  EventHandler,
  FormEvent,
  MessageRef,
  OptionValue,
  Place,
  PlatformCapabilities,
  Responder,
  TextMessageEvent,
} from "../../src/domain/ports/chat-platform.js";
import type { View } from "../../src/domain/ports/views/index.js";
import type { FormSpec } from "../../src/platforms/shared/form-spec.js";
import { presentForm } from "../../src/platforms/shared/wording/forms.js";

/** One thing the bot did, as the fake platform saw it. */
export type Sent =
  | {
      readonly via: "public" | "private" | "update" | "post";
      readonly to: string;
      readonly view: View;
      readonly ref?: MessageRef;
    }
  | { readonly via: "edit"; readonly to: string; readonly view: View; readonly ref: MessageRef }
  | { readonly via: "direct"; readonly to: string; readonly view: View }
  | { readonly via: "form"; readonly to: string; readonly form: FormSpec }
  | { readonly via: "defer"; readonly to: string; readonly private: boolean };

export const fullCapabilities: PlatformCapabilities = {
  buttons: true,
  privateReplies: true,
  messageEdits: true,
  forms: true,
  threads: false,
  directMessages: true,
  readsChannelMessages: true,
};

/**
 * An in-memory chat platform for feature and engine tests: it records what the bot sent and lets a test
 * play members who run commands, press buttons and type. Each send is stored as a `Sent` in `sent`.
 */
export class FakePlatform implements ChatPlatform {
  readonly name = "console" as const;
  readonly sent: Sent[] = [];
  /** What `channelPresence` answers; a test sets it to play a channel whose members the platform knows. */
  presence: ChannelPresence = { kind: "unknown" };
  /** How often the bot asked for it (once per round, not per answer). */
  presenceAsked = 0;
  private handler: EventHandler | undefined;
  private nextMessageId = 1;
  private nextDelivery = 1;

  constructor(
    readonly capabilities: PlatformCapabilities = fullCapabilities,
    readonly place: Place = { platform: "console", workspaceId: "ws", channelId: "general" },
  ) {}

  async start(handler: EventHandler): Promise<void> {
    this.handler = handler;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  async post(place: Place, view: View): Promise<MessageRef> {
    const ref = this.newRef(place.channelId);
    this.sent.push({ via: "post", to: place.channelId, view, ref });
    return ref;
  }

  async edit(message: MessageRef, view: View): Promise<void> {
    this.sent.push({ via: "edit", to: message.channelId, view, ref: message });
  }

  async directMessage(user: Pick<ChatUser, "platform" | "id">, view: View): Promise<MessageRef | undefined> {
    this.sent.push({ via: "direct", to: user.id, view });
    return this.newRef(`dm-${user.id}`);
  }

  async channelPresence(_place: Place): Promise<ChannelPresence> {
    this.presenceAsked += 1;
    return this.presence;
  }

  member(id: string, options: { displayName?: string; isAdmin?: boolean } = {}): ChatUser {
    return {
      platform: "console",
      id,
      displayName: options.displayName ?? id,
      isAdmin: options.isAdmin ?? false,
    };
  }

  async command(
    user: ChatUser,
    name: string,
    subcommand: string | undefined,
    options: Record<string, OptionValue> = {},
    at = new Date(),
  ): Promise<void> {
    const event: CommandEvent = {
      type: "command",
      name,
      ...(subcommand ? { subcommand } : {}),
      options,
      ...this.base(user, at),
    };
    await this.deliver(event);
  }

  async press(
    user: ChatUser,
    actionId: string,
    values?: readonly string[],
    at = new Date(),
    deliveryId?: string,
  ): Promise<void> {
    const event: ButtonEvent = {
      type: "button",
      actionId,
      ...(values ? { values } : {}),
      ...this.base(user, at, deliveryId),
    };
    await this.deliver(event);
  }

  async say(user: ChatUser, text: string, at = new Date()): Promise<void> {
    const event: TextMessageEvent = { type: "message", text, ...this.base(user, at) };
    await this.deliver(event);
  }

  async submit(
    user: ChatUser,
    formId: string,
    fields: Record<string, string>,
    at = new Date(),
  ): Promise<void> {
    const event: FormEvent = { type: "form", formId, fields, ...this.base(user, at) };
    await this.deliver(event);
  }

  /** Views sent to `to` (a channel id or user id), optionally of one kind. */
  views<K extends View["kind"]>(kind: K, via?: Sent["via"]): Extract<View, { kind: K }>[] {
    return this.sent
      .filter(
        (sent): sent is Extract<Sent, { view: View }> =>
          "view" in sent && (via === undefined || sent.via === via),
      )
      .map((sent) => sent.view)
      .filter((view): view is Extract<View, { kind: K }> => view.kind === kind);
  }

  /** Every private reply, to anyone, in order. */
  privateViews(): View[] {
    return this.sent
      .filter((sent): sent is Extract<Sent, { view: View }> => sent.via === "private")
      .map((sent) => sent.view);
  }

  privateTo(userId: string): View[] {
    return this.sent
      .filter((sent): sent is Extract<Sent, { view: View }> => sent.via === "private" && sent.to === userId)
      .map((sent) => sent.view);
  }

  private async deliver(event: CommandEvent | ButtonEvent | TextMessageEvent | FormEvent): Promise<void> {
    if (!this.handler) throw new Error("FakePlatform not started");
    await this.handler(event);
  }

  private base(user: ChatUser, receivedAt: Date, deliveryId?: string) {
    return {
      user,
      place: this.place,
      deliveryId: deliveryId ?? `d${this.nextDelivery++}`,
      receivedAt,
      reply: this.responder(user),
    };
  }

  private responder(user: ChatUser): Responder {
    return {
      public: async (view) => {
        const ref = this.newRef(this.place.channelId);
        this.sent.push({ via: "public", to: this.place.channelId, view, ref });
        return ref;
      },
      private: async (view) => {
        this.sent.push({ via: "private", to: user.id, view });
      },
      update: async (view) => {
        this.sent.push({ via: "update", to: this.place.channelId, view });
      },
      defer: async (options) => {
        this.sent.push({ via: "defer", to: user.id, private: options.private });
      },
      openForm: async (form) => {
        // Recorded as the platforms show it, in words.
        this.sent.push({ via: "form", to: user.id, form: presentForm(form) });
      },
    };
  }

  private newRef(channelId: string): MessageRef {
    return { platform: "console", channelId, messageId: `m${this.nextMessageId++}` };
  }
}
