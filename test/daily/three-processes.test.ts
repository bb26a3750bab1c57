import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGAIN } from "../../src/domain/reviews/grading.js";
import { applySettings, defaultReviewSettings } from "../../src/domain/reviews/review-settings.js";
import { drizzleReviewStorage } from "../../src/storage/reviews/index.js";
import { DrizzleScheduleStore } from "../../src/storage/schedules/drizzle-schedule-store.js";
import { FakeDiscord } from "../fakes/discord/fake-discord.js";
import type { FakeUser } from "../fakes/discord/payloads.js";
import { connectedToDiscord, shardedGuilds, startShardProcess } from "../platforms/discord/shard-harness.js";
import { type BotProcess, writeChoicePack } from "../support/bot-process.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const member: FakeUser = { id: "500000000000000301", username: "ada" };
const day = 86_400_000;
const twoDigits = (value: number) => String(value).padStart(2, "0");

/**
 * Three real `quizbot start` processes (shards 0, 1 and 2 of 3) on one PostgreSQL database, each running
 * the per-minute daily-quiz and reminder passes. A daily quiz and a member's reminder fall due in the same
 * minute; every process tries, one posts. Each process logs its pass at debug level, so the test waits
 * for all three passes to be over instead of for a while.
 */
describe.runIf(process.env.TEST_DATABASE_URL)("daily quizzes and reminders from three processes", () => {
  let root: string;
  let database: TestDatabase;
  let discord: FakeDiscord;
  let processes: BotProcess[] = [];
  let slot: Date;
  const guild = shardedGuilds[1] ?? shardedGuilds[0];
  const channelId = guild?.channelIds[0] ?? "";
  const dmChannel = `9${member.id.slice(1)}`;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "quizbot-three-"));
    const packs = await writeChoicePack(root, 2);
    database = await createTestDatabase("postgres");
    discord = await new FakeDiscord({ guilds: shardedGuilds }).start();
    const setting = { discord, database, packs, shards: 3 };
    processes = [0, 1, 2].map((shard) => startShardProcess(setting, shard));
    await connectedToDiscord(processes);

    // The next whole minute at least 10 s away: time to store the schedule and the member before it (four
    // small writes; the processes are already up). Each second more is waited on every run.
    slot = new Date(Math.ceil((Date.now() + 10_000) / 60_000) * 60_000);
    const hour = twoDigits(slot.getUTCHours());
    const minute = twoDigits(slot.getUTCMinutes());
    await new DrizzleScheduleStore(database.db).add({
      place: { platform: "discord", workspaceId: guild?.id ?? "", channelId },
      cron: `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`,
      description: `every day at ${hour}:${minute}`,
      timeZone: "UTC",
      packId: null,
      questionCount: 1,
      closeBeforeNextMinutes: 10,
      createdBy: { platform: "discord", id: member.id, displayName: "Ada" },
      createdAt: new Date(),
    });
    // Ada's reminder is at the same minute, with one card due (graded Again two days ago).
    const reviews = drizzleReviewStorage(database.db);
    const userId = await reviews.members.userIdOf({ platform: "discord", id: member.id, displayName: "Ada" });
    const settings = applySettings(defaultReviewSettings, { timeZone: "UTC", reminder: `${hour}:${minute}` });
    if (!settings.ok) throw new Error("reminder settings refused");
    await reviews.settings.saveSettings(userId, settings.value);
    await reviews.cards.grade({
      userId,
      questionId: "fault-1",
      grade: AGAIN,
      at: new Date(Date.now() - 2 * day),
      source: "review",
      platform: "discord",
      workspaceId: guild?.id ?? "",
    });
  }, 330_000);

  afterAll(async () => {
    for (const bot of processes) bot.kill("SIGTERM");
    await Promise.all(processes.map((bot) => bot.exited));
    await discord?.close();
    await database?.close();
    await rm(root, { recursive: true, force: true });
  }, 60_000);

  it("GIVEN a daily quiz and a reminder due in the same minute THEN all three processes try, and each is posted exactly once", async () => {
    const iso = slot.toISOString().replace(/\./g, "\\.");
    await Promise.all(
      processes.flatMap((bot) => [
        bot.waitForOutput(new RegExp(`"slot":"${iso}"[^\\n]*"msg":"daily quiz pass done"`), {
          timeoutMs: 180_000,
        }),
        bot.waitForOutput(new RegExp(`"slot":"${iso}"[^\\n]*"msg":"review reminder pass done"`), {
          timeoutMs: 180_000,
        }),
      ]),
    );

    const posts = (channel: string) =>
      discord.requests.filter(
        (request) => request.method === "POST" && request.path === `/channels/${channel}/messages`,
      );
    expect(posts(channelId)).toHaveLength(1);
    expect(JSON.stringify(posts(channelId)[0]?.body)).toContain("Fault question");
    expect(posts(dmChannel)).toHaveLength(1);

    // The passes' own accounts: one process posted the slot, one sent the reminder.
    const passes = (message: string) =>
      processes.flatMap((bot) =>
        bot.stdout
          .split("\n")
          .filter((line) => line.includes(`"slot":"${slot.toISOString()}"`) && line.includes(message))
          .map((line) => JSON.parse(line) as { outcomes?: Record<string, string>; sent?: number }),
      );
    const dailyOutcomes = passes("daily quiz pass done").flatMap((pass) =>
      Object.values(pass.outcomes ?? {}),
    );
    expect(dailyOutcomes.filter((outcome) => outcome === "posted")).toHaveLength(1);
    expect(
      passes("review reminder pass done")
        .map((pass) => pass.sent ?? 0)
        .sort(),
    ).toEqual([0, 0, 1]);

    const [schedule] = await new DrizzleScheduleStore(database.db).list({
      platform: "discord",
      workspaceId: guild?.id ?? "",
      channelId,
    });
    const slots = await new DrizzleScheduleStore(database.db).listSlots(schedule?.id ?? 0);
    expect(slots.map((row) => row.slotAt)).toEqual([slot]);
    expect(discord.unknownRoutes).toEqual([]);
  }, 360_000);
});
