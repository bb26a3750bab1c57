import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { createBot } from "../src/bot.js";
import type {
  ChatPlatform,
  CommandEvent,
  EventHandler,
  MessageRef,
  Place,
  PlatformCapabilities,
} from "../src/domain/ports/chat-platform.js";
import type { View } from "../src/domain/ports/views/index.js";
import { createLogger } from "../src/logger.js";
import { ProcessCodeReviewer } from "../src/review/process-code-reviewer.js";
import { createCodeRunner, parseRunLimits } from "../src/runner/index.js";
import { migratePgliteClient, wrapPglite } from "../src/storage/database.js";
import { choiceQuestion, testPack } from "../test/support/questions.js";
import { type BenchFigure, msQuantile, quantile, round, timeEach } from "./figure.js";
import { rssOf } from "./idle-memory.js";

/**
 * A 200-line snippet of the kind members post: ten workers, each a thread target with a lock, an async
 * coroutine with a queue, and a pool call, plus a main guard that runs one of them. Every block differs in
 * its names, so nothing about it is cached by the reviewer.
 */
export function snippetOf200Lines(): string {
  const lines = [
    "import asyncio",
    "import threading",
    "from concurrent.futures import ThreadPoolExecutor",
    "",
  ];
  for (let i = 0; i < 10; i += 1) {
    lines.push(
      `lock_${i} = threading.Lock()`,
      `totals_${i} = {}`,
      `def count_${i}(key, n):`,
      `    for _ in range(n):`,
      `        with lock_${i}:`,
      `            totals_${i}[key] = totals_${i}.get(key, 0) + 1`,
      `async def produce_${i}(queue, items):`,
      `    for item in items:`,
      `        await queue.put(item)`,
      `    await queue.put(None)`,
      `async def consume_${i}(queue):`,
      `    seen = []`,
      `    while (item := await queue.get()) is not None:`,
      `        seen.append(item * ${i + 1})`,
      `    return seen`,
      `def pooled_${i}(values):`,
      `    with ThreadPoolExecutor(max_workers=2) as pool:`,
      `        return sorted(pool.map(abs, values))`,
      "",
    );
  }
  lines.push(
    'if __name__ == "__main__":',
    "    count_0('a', 3)",
    "    print(totals_0, pooled_1([-2, 1]))",
    "    print('done')",
  );
  while (lines.length < 200) lines.push(`# padding line ${lines.length}`);
  return lines.join("\n");
}

/**
 * Review time of a warm reviewer (the worker started, its parsers loaded), and whether reviewing slows
 * `/run`: the same snippet through the real bot and sandbox, with and without a reviewer, timed from the
 * command to the public result.
 */
export async function codeReviewBenchmark(options: { quick: boolean }): Promise<BenchFigure[]> {
  const code = snippetOf200Lines();
  const reviewer = new ProcessCodeReviewer();
  try {
    await reviewer.warm();
    const first = await reviewer.review(code);
    if (first.status !== "reviewed") throw new Error(`the bench snippet was not reviewed: ${first.status}`);
    await timeEach(20, () => reviewer.review(code));
    const reviews = await timeEach(options.quick ? 100 : 500, () => reviewer.review(code));
    const reviewerRssMb = rssOf(reviewer.pid);
    const coldStarts = await firstReviewWaits(code, options.quick ? 3 : 7);
    const alongside = await runWithAndWithoutReview(code, reviewer, options.quick ? 6 : 20);
    return [
      msQuantile("Review of a 200-line snippet (warm), p50", reviews, 0.5, "<= 30"),
      msQuantile("Review of a 200-line snippet (warm), p99", reviews, 0.99, "<= 100"),
      msQuantile("First review after the reviewer was idle (process start + parsers), p50", coldStarts, 0.5),
      {
        figure: "Reviewer process memory after the reviews above (RSS; none while idle)",
        unit: "MB",
        value: reviewerRssMb,
      },
      {
        figure: "/run of that snippet to its result, p50, no reviewer",
        unit: "ms",
        value: alongside.without,
      },
      {
        figure: "/run of that snippet to its result, p50, reviewed alongside",
        unit: "ms",
        value: alongside.with,
      },
    ];
  } finally {
    await reviewer.close();
  }
}

/** Milliseconds from a review request to its answer on a reviewer with no process yet, `times` times. */
async function firstReviewWaits(code: string, times: number): Promise<number[]> {
  const waits: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const cold = new ProcessCodeReviewer();
    try {
      const start = performance.now();
      await cold.review(code);
      waits.push(performance.now() - start);
    } finally {
      await cold.close();
    }
  }
  return waits;
}

/** The p50 time from `/run` to its public result, alternating a bot with a reviewer and one without. */
async function runWithAndWithoutReview(
  code: string,
  reviewer: ProcessCodeReviewer,
  runs: number,
): Promise<{ with: number; without: number }> {
  const runner = await createCodeRunner({
    backend: "bwrap",
    python: process.env.RUNNER_PYTHON ?? "python3",
    concurrency: 2,
    queueSize: 16,
    warmPool: 1,
    limits: parseRunLimits(),
  });
  const logger = createLogger({ level: "silent", secrets: [] });
  const pack = testPack([choiceQuestion("q1")]);
  const started: { platform: TimingPlatform; stop: () => Promise<void> }[] = [];
  try {
    for (const withReviewer of [true, false]) {
      // In-memory PGlite: the /run path writes one row per run, so the database is not what is measured.
      const { PGlite } = await import("@electric-sql/pglite");
      const client = new PGlite();
      await migratePgliteClient(client);
      const database = wrapPglite(client);
      const platform = new TimingPlatform();
      const bot = createBot({
        database,
        platforms: [platform],
        packs: [pack],
        logger,
        runner,
        ...(withReviewer ? { reviewer } : {}),
      });
      await bot.start();
      started.push({
        platform,
        stop: async () => {
          await bot.stop();
          await database.close();
        },
      });
    }
    const [reviewed, plain] = started.map((entry) => entry.platform) as [TimingPlatform, TimingPlatform];
    await reviewed.run(code);
    await plain.run(code);
    const withReview: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      await runner.warmedUp();
      withReview.push(await reviewed.run(code));
      await runner.warmedUp();
      without.push(await plain.run(code));
    }
    return { with: round(quantile(withReview, 0.5)), without: round(quantile(without, 0.5)) };
  } finally {
    for (const entry of started) await entry.stop();
    await runner.close();
  }
}

/** A platform with no network that times one `/run` from delivery to its public result. */
class TimingPlatform implements ChatPlatform {
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
  private handler: EventHandler | undefined;
  private next = 0;
  private readonly place: Place = { platform: "console", workspaceId: "bench", channelId: "review" };

  async start(handler: EventHandler): Promise<void> {
    this.handler = handler;
  }
  async stop(): Promise<void> {}
  async post(): Promise<MessageRef> {
    return { platform: "console", channelId: "review", messageId: String(++this.next) };
  }
  async edit(): Promise<void> {}
  async directMessage(): Promise<MessageRef | undefined> {
    return undefined;
  }

  /** Milliseconds from the command to the result in the channel. */
  async run(code: string): Promise<number> {
    if (!this.handler) throw new Error("not started");
    let shownAt: number | undefined;
    let shown: View | undefined;
    const start = performance.now();
    const event: CommandEvent = {
      type: "command",
      name: "run",
      options: { code },
      user: { platform: "console", id: "bench", displayName: "Bench", isAdmin: false },
      place: this.place,
      deliveryId: `bench-${++this.next}`,
      receivedAt: new Date(),
      reply: {
        public: async (view) => {
          shownAt = performance.now();
          shown = view;
          return undefined;
        },
        private: async () => {},
        update: async () => {},
        defer: async () => {},
        openForm: async () => {},
      },
    };
    await this.handler(event);
    if (shownAt === undefined || shown?.kind !== "snippet_run" || shown.status !== "ok") {
      throw new Error(`the bench snippet did not run: ${JSON.stringify(shown)?.slice(0, 200)}`);
    }
    return shownAt - start;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.table(await codeReviewBenchmark({ quick: process.argv.includes("--quick") }));
}
