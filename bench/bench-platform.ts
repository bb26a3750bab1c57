import type {
  ButtonEvent,
  ChatPlatform,
  CommandEvent,
  EventHandler,
  MessageRef,
  Place,
  PlatformCapabilities,
  Responder,
} from "../src/domain/ports/chat-platform.js";
import type { View } from "../src/domain/ports/views/index.js";

type WithoutReply<T> = Omit<T, "reply">;

/**
 * A chat platform with no network, for load benchmarks: it remembers the last question posted per channel
 * and counts replies, so the figures measure the bot and its database, not a recorder.
 */
export class BenchPlatform implements ChatPlatform {
  readonly name = "console" as const;
  readonly capabilities: PlatformCapabilities = {
    buttons: true,
    privateReplies: true,
    messageEdits: false,
    forms: false,
    threads: false,
    directMessages: false,
    readsChannelMessages: false,
  };
  readonly questions = new Map<string, number>();
  acks = 0;
  refusals = 0;
  private handler: EventHandler | undefined;
  private id = 0;

  async start(handler: EventHandler): Promise<void> {
    this.handler = handler;
  }

  async stop(): Promise<void> {}

  async post(place: Place, view: View): Promise<MessageRef> {
    if (view.kind === "question" && view.state === "open")
      this.questions.set(place.channelId, view.roundQuestionId);
    return { platform: "console", channelId: place.channelId, messageId: String(++this.id) };
  }

  async edit(): Promise<void> {}

  async directMessage(): Promise<MessageRef | undefined> {
    return undefined;
  }

  place(channelId: string): Place {
    return { platform: "console", workspaceId: "bench", channelId };
  }

  async deliver(event: WithoutReply<CommandEvent> | WithoutReply<ButtonEvent>): Promise<void> {
    if (!this.handler) throw new Error("not started");
    await this.handler({ ...event, reply: this.responder() });
  }

  private responder(): Responder {
    return {
      public: async () => undefined,
      private: async (view) => {
        if (view.kind === "answer_ack") this.acks += 1;
        else this.refusals += 1;
      },
      update: async () => {},
      defer: async () => {},
      openForm: async () => {},
    };
  }
}
