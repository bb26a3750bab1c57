import { type Bot, createBot } from "../../src/bot.js";
import type { QuestionView, RoundSummaryView } from "../../src/domain/ports/views/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform } from "../support/fake-platform.js";
import { ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

export const roundStart = new Date("2026-05-04T12:00:00Z");
export const revealPauseMs = 1000;

/**
 * A whole bot on a test database with one fake platform and a manual clock, for the round engine's
 * parts: tests drive it as members do (commands and button presses) and read what it posted.
 */
export class RoundHarness {
  platform = new FakePlatform();
  bot!: Bot;
  readonly time = new ManualTime(roundStart);
  private constructor(readonly database: TestDatabase) {}

  static async create(): Promise<RoundHarness> {
    const harness = new RoundHarness(await createTestDatabase());
    await harness.boot();
    return harness;
  }

  /** Starts a fresh bot process on the same database (a restart). */
  async boot(): Promise<void> {
    this.platform = new FakePlatform();
    this.bot = createBot({
      database: this.database,
      platforms: [this.platform],
      packs: [testPack([choiceQuestion("q1"), choiceQuestion("q2"), choiceQuestion("q3")])],
      logger: silentLogger(),
      clock: this.time,
      timers: this.time,
      rounds: { revealPauseMs, sweepMs: 60_000 },
    });
    await this.bot.start();
  }

  async close(): Promise<void> {
    await this.bot.stop();
    await this.database.close();
  }

  alice = () => this.platform.member("alice", { displayName: "Alice" });
  bob = () => this.platform.member("bob", { displayName: "Bob" });
  carol = () => this.platform.member("carol", { displayName: "Carol" });
  at = (ms: number) => new Date(roundStart.getTime() + ms);
  posted = (): QuestionView[] => this.platform.views("question", "post");
  reveals = (): QuestionView[] => this.platform.views("question", "edit").filter((view) => view.reveal);

  latestQuestion(): QuestionView {
    const question = this.posted().at(-1);
    if (!question) throw new Error("no question posted yet");
    return question;
  }

  summary(): RoundSummaryView {
    const found = this.platform.views("round_summary").at(-1);
    if (!found) throw new Error("no summary yet");
    return found;
  }

  correctButton = (view: QuestionView) => `q:a:${view.roundQuestionId}:1`;
  wrongButton = (view: QuestionView) => `q:a:${view.roundQuestionId}:0`;
}

/** Lets async work started by a timer or a press run, so a test can assert that something did NOT happen. */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
