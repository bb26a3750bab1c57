import type { Bot } from "../../src/bot.js";
import type {
  ChatUser,
  MessageCommandEvent,
  MessageRef,
  Place,
  Responder,
} from "../../src/domain/ports/chat-platform.js";
import type { RunLimits } from "../../src/domain/ports/code-runner.js";
import type { View } from "../../src/domain/ports/views/index.js";
import { createCodeRunner, parseRunLimits, type StartedCodeRunner } from "../../src/runner/index.js";

/**
 * The real bwrap sandbox with a 5 s wall limit and no warm pool (tests start few runs; a cold
 * sandbox takes well under a second). The marker lets a leftover sandbox be traced to this folder.
 */
export function startTestRunner(limits: Partial<RunLimits> = {}): Promise<StartedCodeRunner> {
  return createCodeRunner({
    backend: "bwrap",
    python: process.env.RUNNER_PYTHON ?? "python3",
    concurrency: 2,
    queueSize: 16,
    warmPool: 0,
    limits: parseRunLimits({ wallMs: 5_000, cpuSeconds: 5, ...limits }),
    sandboxMarker: "quizbot-test-code-review",
  });
}

/** What a "Run & review" on a message answered, as the platform would have seen it. */
export interface Answered {
  readonly via: "public" | "private" | "update" | "defer";
  readonly view?: View;
}

/**
 * "Run & review" on a message: the fake platform has no message commands, so the event goes straight to
 * the bot's handler with a responder that records the answers.
 */
export async function runReview(
  bot: Bot,
  place: Place,
  user: ChatUser,
  message: { readonly text: string; readonly author?: ChatUser },
): Promise<Answered[]> {
  const answered: Answered[] = [];
  const ref = (): MessageRef => ({ platform: place.platform, channelId: place.channelId, messageId: "r1" });
  const reply: Responder = {
    public: async (view) => {
      answered.push({ via: "public", view });
      return ref();
    },
    private: async (view) => {
      answered.push({ via: "private", view });
    },
    update: async (view) => {
      answered.push({ via: "update", view });
    },
    defer: async () => {
      answered.push({ via: "defer" });
    },
    openForm: async () => {
      throw new Error("Run & review opens no form");
    },
  };
  const event: MessageCommandEvent = {
    type: "message_command",
    name: "run-review",
    targetText: message.text,
    targetAuthor: message.author,
    user,
    place,
    deliveryId: `review-${Math.random()}`,
    receivedAt: new Date(),
    reply,
  };
  await bot.handler(event);
  return answered;
}
