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
import {
  createCodeRunner,
  discoverInterpreters,
  type FoundInterpreter,
  parseRunLimits,
  type StartedCodeRunner,
} from "../../src/runner/index.js";

/**
 * The real bwrap sandbox with a 5 s wall limit and no warm pool (tests start few runs; a cold
 * sandbox takes well under a second). The marker lets a leftover sandbox be traced to this folder.
 */
export function startTestRunner(
  limits: Partial<RunLimits> = {},
  interpreters?: readonly FoundInterpreter[],
): Promise<StartedCodeRunner> {
  return createCodeRunner({
    ...(interpreters ? { interpreters } : {}),
    backend: "bwrap",
    python: process.env.RUNNER_PYTHON ?? "python3",
    concurrency: 2,
    queueSize: 16,
    warmPool: 0,
    limits: parseRunLimits({ wallMs: 5_000, cpuSeconds: 5, ...limits }),
    sandboxMarker: "quizbot-test-code-review",
  });
}

/**
 * Two CPython minor versions when this machine has them: RUNNER_PYTHON and the newest other (Pyodide
 * left out: loading it takes a minute on a busy machine, test/runner/pyodide.test.ts covers it).
 * `other` is undefined, and said so, where there is only one; tests then check the one-row view.
 */
export async function startComparingRunner(
  limits: Partial<RunLimits> = {},
): Promise<{ runner: StartedCodeRunner; other: string | undefined }> {
  const { found } = await discoverInterpreters({
    python: process.env.RUNNER_PYTHON ?? "python3",
    list: "auto",
    pyodide: false,
  });
  const [first, ...rest] = found.filter((interpreter) => interpreter.backend === "bwrap");
  const minor = (version: string) => version.split(".").slice(0, 2).join(".");
  const second = rest.filter((i) => first && minor(i.version) !== minor(first.version)).at(-1);
  if (!second) console.info("only one CPython minor version here: comparisons have one row");
  const chosen = [first, second].filter((i) => i !== undefined);
  return { runner: await startTestRunner(limits, chosen), other: second?.name };
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
