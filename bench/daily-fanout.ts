/**
 * Daily quiz fan-out: 1,000 channels whose daily quiz is due in the same minute, half on Slack and half on
 * Discord, posted by two bot processes sharing one Postgres database. The platforms are the real
 * SlackPlatform (Bolt's WebClient) and DiscordPlatform (discord.js REST) pointed at the local fakes in
 * test/fakes, which answer some posts with HTTP 429 and Retry-After; the clients wait those out. Counts
 * every channel's messages on the fakes (exactly one each) and every slot row, and times the minute.
 *
 *   npx tsx bench/daily-fanout.ts            1,000 channels
 *   npx tsx bench/daily-fanout.ts --quick    100 channels
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; a database
 * of its own is created and dropped.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { type Bot, createBot } from "../src/bot.js";
import type { ChatPlatform, Place } from "../src/domain/ports/chat-platform.js";
import { createLogger } from "../src/logger.js";
import { DiscordPlatform } from "../src/platforms/discord/discord-platform.js";
import { SlackPlatform } from "../src/platforms/slack/slack-platform.js";
import { type Database, openPostgres } from "../src/storage/database.js";
import { DrizzleScheduleStore } from "../src/storage/schedules/drizzle-schedule-store.js";
import { FakeDiscord } from "../test/fakes/discord/fake-discord.js";
import { FakeSlack } from "../test/fakes/slack/fake-slack.js";
import { FakeJobClock } from "../test/jobs/fake-job-clock.js";
import { ManualTime } from "../test/support/manual-time.js";
import { choiceQuestion, testPack } from "../test/support/questions.js";
import { type BenchFigure, round } from "./figure.js";
import { benchServerUrl, migratedPostgres } from "./fresh-database.js";

const slotAt = new Date("2026-05-04T09:00:00Z");
const slackToken = "xoxb-bench-token";
const signingSecret = "bench-signing-secret";
/** Posts answered with 429 by each fake, spread over the minute by the order requests arrive in. */
const rateLimitedPosts = 25;

export async function dailyFanoutBenchmark(options: {
  quick: boolean;
  databaseUrl?: string;
}): Promise<BenchFigure[]> {
  const channels = options.quick ? 100 : 1_000;
  const slackChannels = Array.from({ length: channels / 2 }, (_, i) => `C${String(i).padStart(6, "0")}`);
  const discordChannels = Array.from({ length: channels / 2 }, (_, i) =>
    String(310_000_000_000_000_000n + BigInt(i)),
  );
  const scratch = await migratedPostgres(benchServerUrl(options.databaseUrl), "daily");
  const url = scratch.url;
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? "error", secrets: [slackToken] });
  const slack = await FakeSlack.start();
  const discord = await new FakeDiscord({
    guilds: [{ id: "200000000000000001", name: "Bench", channelIds: discordChannels, roles: [] }],
  }).start();
  const bots: Bot[] = [];
  const handles: Database[] = [];
  try {
    const pack = testPack([choiceQuestion("q1"), choiceQuestion("q2"), choiceQuestion("q3")]);
    const clocks: { jobClock: FakeJobClock; time: ManualTime }[] = [];
    for (const process of ["bench-a", "bench-b"]) {
      const database = await openPostgres({ url, poolSize: 10 });
      handles.push(database);
      const platforms: ChatPlatform[] = [
        new SlackPlatform({
          botToken: slackToken,
          connection: { mode: "http", signingSecret, port: 0, host: "127.0.0.1" },
          apiUrl: slack.apiUrl,
          logger,
        }),
        new DiscordPlatform({
          token: discord.token,
          applicationId: discord.applicationId,
          apiUrl: discord.apiUrl,
          logger,
        }),
      ];
      const time = new ManualTime(new Date(slotAt.getTime() - 60_000));
      const jobClock = new FakeJobClock();
      const bot = createBot({
        database,
        platforms,
        packs: [pack],
        logger,
        clock: time,
        timers: time,
        jobClock,
        rounds: { instanceId: process, sweepMs: 3_600_000 },
      });
      await bot.start();
      bots.push(bot);
      clocks.push({ jobClock, time });
    }

    const [first] = handles;
    if (!first) throw new Error("no database handle");
    const store = new DrizzleScheduleStore(first.db);
    const createdAt = new Date(slotAt.getTime() - 86_400_000);
    const places: Place[] = [
      ...slackChannels.map((channelId) => ({
        platform: "slack" as const,
        workspaceId: "T0BENCH",
        channelId,
      })),
      ...discordChannels.map((channelId) => ({
        platform: "discord" as const,
        workspaceId: "200000000000000001",
        channelId,
      })),
    ];
    for (const place of places) {
      await store.add({
        place,
        cron: "0 9 * * *",
        description: "daily 09:00",
        timeZone: "UTC",
        packId: null,
        questionCount: 1,
        closeBeforeNextMinutes: 60,
        createdBy: { platform: place.platform, id: "U0ADMIN", displayName: "admin" },
        createdAt,
      });
    }

    slack.rateLimit("chat.postMessage", 1, rateLimitedPosts);
    discord.failNext((method, path) => method === "POST" && /^\/channels\/\d+\/messages$/.test(path), {
      times: rateLimitedPosts,
      retryAfterSeconds: 1,
    });
    const discordRequestsBefore = discord.requests.length;

    // The minute arrives in both processes at once; each fires its per-minute daily task.
    const started = performance.now();
    await Promise.all(
      clocks.map(async ({ jobClock, time }) => {
        time.advance(slotAt.getTime() - time.now().getTime());
        await jobClock.fire(slotAt);
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    const slackPosts = slack
      .callsTo("chat.postMessage")
      .filter((call) => (call.answer as { ok?: boolean } | undefined)?.ok === true);
    const slack429 = slack
      .callsTo("chat.postMessage")
      .filter((call) => (call.answer as { error?: string } | undefined)?.error === "ratelimited").length;
    const perSlackChannel = countBy(slackPosts.map((call) => String(call.args.channel)));
    const discordPosts = [...discord.messages.values()];
    const perDiscordChannel = countBy(discordPosts.map((message) => message.channel_id));
    const discord429 = discord.requests
      .slice(discordRequestsBefore)
      .filter((request) => request.status === 429).length;
    const exactlyOnce =
      slackChannels.filter((channel) => perSlackChannel.get(channel) === 1).length +
      discordChannels.filter((channel) => perDiscordChannel.get(channel) === 1).length;
    const duplicates = [...perSlackChannel.values(), ...perDiscordChannel.values()].reduce(
      (sum, n) => sum + Math.max(0, n - 1),
      0,
    );
    const counter = postgres(url, { max: 1, onnotice: () => {} });
    const slotRows = await counter
      .unsafe(
        "select count(*)::int as rows, count(*) filter (where status = 'posted')::int as posted from schedule_slots",
      )
      .finally(() => counter.end());
    const rows = Number(slotRows[0]?.rows ?? 0);
    const posted = Number(slotRows[0]?.posted ?? 0);
    return [
      {
        figure: "channels due in the same minute (half Slack, half Discord)",
        unit: "channels",
        value: channels,
      },
      {
        figure: "channels posted to exactly once",
        unit: "channels",
        value: exactlyOnce,
        goal: `>= ${channels}`,
      },
      { figure: "duplicate posts", unit: "posts", value: duplicates, goal: "<= 0" },
      {
        figure: "slot rows (one per channel), marked posted",
        unit: "rows",
        value: posted,
        goal: `>= ${channels}`,
      },
      { figure: "slot rows in all", unit: "rows", value: rows, goal: `<= ${channels}` },
      { figure: "429 answers waited out (Slack + Discord)", unit: "responses", value: slack429 + discord429 },
      { figure: "fan-out time, two processes", unit: "s", value: round(seconds), goal: "<= 60" },
      { figure: "posts per second", unit: "posts/s", value: round(channels / seconds) },
    ];
  } finally {
    for (const bot of bots) await bot.stop().catch(() => {});
    for (const handle of handles) await handle.close().catch(() => {});
    await slack.stop().catch(() => {});
    await discord.close().catch(() => {});
    await scratch.drop().catch(() => {});
  }
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const figures = await dailyFanoutBenchmark({ quick: process.argv.includes("--quick") });
  for (const figure of figures) {
    console.log(
      `${figure.figure}: ${figure.value} ${figure.unit}${figure.goal ? ` (goal ${figure.goal})` : ""}`,
    );
  }
  process.exit(0);
}
