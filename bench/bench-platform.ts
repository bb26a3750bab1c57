import type {
  ButtonEvent,
  ChatPlatform,
  ChatUser,
  CommandEvent,
  EventHandler,
  MessageRef,
  Place,
  PlatformCapabilities,
  Responder,
} from "../src/domain/ports/chat-platform.js";
import type { View } from "../src/domain/ports/views/index.js";
import type { Pack } from "../src/domain/questions/question.js";

type WithoutReply<T> = Omit<T, "reply">;

/** The pack the load benchmarks play: one three-option choice question, whose answer is B (index 1). */
export function oneQuestionPack(id: string, title: string): Pack {
  return {
    id,
    title,
    description: "One question for load",
    language: "en",
    version: "1.0.0",
    author: "bench",
    settings: { secondsPerQuestion: 600 },
    questions: [
      {
        id: `${id}-choice`,
        packId: id,
        kind: "choice",
        tags: [id],
        difficulty: 1,
        prompt: "Pick B",
        explanation: "B it is",
        options: ["a", "b", "c"],
        correct: 1,
        keepOrder: true,
      },
    ],
  };
}

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
  private readonly questionWaiters = new Map<string, (roundQuestionId: number) => void>();
  acks = 0;
  refusals = 0;
  private handler: EventHandler | undefined;
  private id = 0;

  async start(handler: EventHandler): Promise<void> {
    this.handler = handler;
  }

  async stop(): Promise<void> {}

  async post(place: Place, view: View): Promise<MessageRef> {
    if (view.kind === "question" && view.state === "open") {
      this.questions.set(place.channelId, view.roundQuestionId);
      this.questionWaiters.get(place.channelId)?.(view.roundQuestionId);
    }
    return { platform: "console", channelId: place.channelId, messageId: String(++this.id) };
  }

  async edit(): Promise<void> {}

  async directMessage(): Promise<MessageRef | undefined> {
    return undefined;
  }

  place(channelId: string): Place {
    return { platform: "console", workspaceId: "bench", channelId };
  }

  /** A member who is not an admin, as the answer and command events carry one. */
  member(id: string): ChatUser {
    return { platform: "console", id, displayName: `Member ${id}`, isAdmin: false };
  }

  /**
   * `/quiz start` for one question of ten minutes in `channel`, by its host; resolves with the id of the
   * question the round posts (rejects if none is posted within `timeoutMs`).
   */
  async openQuestion(channel: string, deliveryId: string, timeoutMs = 10_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const posted = new Promise<number>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no question posted in ${channel}`)), timeoutMs);
      this.questionWaiters.set(channel, resolve);
    });
    try {
      await this.deliver({
        type: "command",
        name: "quiz",
        subcommand: "start",
        options: { questions: 1, seconds: 600 },
        user: this.member(`host-${channel}`),
        place: this.place(channel),
        deliveryId,
        receivedAt: new Date(),
      });
      return await posted;
    } finally {
      clearTimeout(timer);
      this.questionWaiters.delete(channel);
    }
  }

  /** `member` clicks option `option` (0-2) of the question `roundQuestionId` in `channel`. */
  answer(
    channel: string,
    roundQuestionId: number,
    member: string,
    option: number,
    deliveryId: string,
  ): Promise<void> {
    return this.deliver({
      type: "button",
      actionId: `q:a:${roundQuestionId}:${option}`,
      user: this.member(member),
      place: this.place(channel),
      deliveryId,
      receivedAt: new Date(),
    });
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
