import { type Bot, createBot } from "../../src/bot.js";
import type { PlatformCapabilities } from "../../src/domain/ports/chat-platform.js";
import type { Database } from "../../src/storage/database.js";
import { FakeJobClock } from "../jobs/fake-job-clock.js";
import { FakePlatform, fullCapabilities } from "../support/fake-platform.js";
import { ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

export const dailyPack = testPack([choiceQuestion("q1"), choiceQuestion("q2"), choiceQuestion("q3")]);

/** One bot process for daily-quiz tests: its own platform, fake job clock and manual time. */
export interface BotProcess {
  readonly bot: Bot;
  readonly platform: FakePlatform;
  readonly jobClock: FakeJobClock;
  readonly time: ManualTime;
  /** Moves this process's clock to `at` (running its timers) and fires its per-minute job for `at`. */
  tick(at: Date): Promise<void>;
}

export async function startProcess(
  database: Database,
  name: string,
  now: Date,
  capabilities: PlatformCapabilities = fullCapabilities,
): Promise<BotProcess> {
  const platform = new FakePlatform(capabilities);
  const jobClock = new FakeJobClock();
  const time = new ManualTime(now);
  const bot = createBot({
    database,
    platforms: [platform],
    packs: [dailyPack],
    logger: silentLogger(),
    clock: time,
    timers: time,
    jobClock,
    rounds: { instanceId: name, revealPauseMs: 1000, sweepMs: 60_000 },
    defaultTimeZone: "UTC",
  });
  await bot.start();
  return {
    bot,
    platform,
    jobClock,
    time,
    async tick(at) {
      const ahead = at.getTime() - time.now().getTime();
      if (ahead > 0) time.advance(ahead);
      await jobClock.fire(at);
    },
  };
}

export const admin = (platform: FakePlatform) =>
  platform.member("ada", { displayName: "Ada", isAdmin: true });
export const member = (platform: FakePlatform, id = "bob") => platform.member(id, { displayName: id });
