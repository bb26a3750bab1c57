import { randomInt } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { drizzleRoundStorage } from "../../src/storage/rounds/index.js";
import { DrizzleScheduleStore } from "../../src/storage/schedules/drizzle-schedule-store.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { eventually } from "../support/manual-time.js";
import { admin, type BotProcess, startProcess } from "./daily-harness.js";

// Monday 4 May 2026; the schedule posts daily at 09:00 UTC and answers close at 08:00 the next day.
const monday = (time: string) => new Date(`2026-05-04T${time}:00Z`);
const tuesday = (time: string) => new Date(`2026-05-05T${time}:00Z`);

describe("daily quiz slots missed while no process ran", () => {
  let database: TestDatabase;
  let running: BotProcess | undefined;
  let store: DrizzleScheduleStore;

  beforeEach(async () => {
    database = await createTestDatabase();
    store = new DrizzleScheduleStore(database.db);
    running = await startProcess(database, "before-outage", monday("08:00"));
    await running.platform.command(
      admin(running.platform),
      "quiz",
      "schedule add",
      { when: "daily 09:00" },
      monday("08:00"),
    );
    // Every process stops before the 09:00 slot.
    await running.bot.stop();
    running = undefined;
  });

  afterEach(async () => {
    await running?.bot.stop();
    await database.close();
  });

  const scheduleId = async () =>
    (await store.list({ platform: "console", workspaceId: "ws", channelId: "general" }))[0]?.id ?? 0;

  it("GIVEN a restart inside the answer window THEN the missed slot is posted on start, once, even after a second restart", async () => {
    running = await startProcess(database, "after-outage", monday("10:30"));
    expect(running.platform.views("question", "post")).toHaveLength(1);
    const posted = running.platform.views("question", "post")[0];
    expect(posted?.closesAt).toEqual(tuesday("08:00"));
    await running.tick(monday("10:31"));
    await running.bot.stop();

    running = await startProcess(database, "second-restart", monday("11:00"));
    await running.tick(monday("11:01"));
    expect(running.platform.views("question", "post")).toHaveLength(0);
    const slots = await store.listSlots(await scheduleId());
    expect(slots).toHaveLength(1);
    expect(slots[0]).toMatchObject({ slotAt: monday("09:00"), claimedBy: "after-outage", status: "posted" });
  });

  it("GIVEN a restart after the answer window THEN the slot is recorded as skipped, nothing is posted, and the next slot posts", async () => {
    running = await startProcess(database, "after-outage", tuesday("08:30"));
    expect(running.platform.views("question", "post")).toHaveLength(0);
    expect(await store.listSlots(await scheduleId())).toMatchObject([
      { slotAt: monday("09:00"), status: "skipped", roundId: null, message: null },
    ]);
    await running.tick(tuesday("09:00"));
    expect(running.platform.views("question", "post")).toHaveLength(1);
    expect((await store.listSlots(await scheduleId())).map((slot) => slot.status)).toEqual([
      "skipped",
      "posted",
    ]);
  });

  it("GIVEN a process died after claiming a slot but before posting THEN the restart posts it exactly once", async () => {
    // What the dead process left: the slot row and its round, committed together, no message.
    const rounds = drizzleRoundStorage(database.db);
    const claimed = await rounds.rounds.createRound({
      place: { platform: "console", workspaceId: "ws", channelId: "general" },
      kind: "daily",
      mode: "everyone",
      startedBy: null,
      packId: "test-pack",
      topic: null,
      secondsPerQuestion: 3600,
      seed: randomInt(1, 1000),
      questions: [{ questionId: "q1", optionOrder: null }],
      openAll: { at: monday("09:00"), closesAt: tuesday("08:00") },
      slot: { scheduleId: await scheduleId(), slotAt: monday("09:00"), claimant: "died" },
    });
    expect(claimed.ok).toBe(true);

    running = await startProcess(database, "after-crash", monday("09:05"));
    await running.tick(monday("09:06"));
    await eventually(() => expect(running?.platform.views("question", "post")).toHaveLength(1));
    await running.tick(monday("09:07"));
    expect(running.platform.views("question", "post")).toHaveLength(1);
    expect(await store.listSlots(await scheduleId())).toMatchObject([
      { slotAt: monday("09:00"), claimedBy: "died", status: "posted" },
    ]);
  });
});
