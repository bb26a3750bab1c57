import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/storage/database.js";
import { openPostgres } from "../../src/storage/database.js";
import { DrizzleScheduleStore } from "../../src/storage/schedules/drizzle-schedule-store.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { eventually } from "../support/manual-time.js";
import { admin, type BotProcess, startProcess } from "./daily-harness.js";

const start = new Date("2026-05-04T12:00:00Z");
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

describe.each(storageKinds)("daily quizzes from two processes on %s", (kind) => {
  let database: TestDatabase;
  let secondHandle: Database;
  let processes: BotProcess[] = [];

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    // Two processes: on Postgres each has its own connection pool; PGlite is in-process, so they share it.
    secondHandle = database.url ? await openPostgres({ url: database.url, poolSize: 5 }) : database;
    processes = [
      await startProcess(database, "process-a", start),
      await startProcess(secondHandle, "process-b", start),
    ];
  });

  afterEach(async () => {
    for (const process of processes) await process.bot.stop();
    if (secondHandle !== database) await secondHandle.close();
    await database.close();
  });

  it("GIVEN every 10 minutes and both processes ticking THEN 50 slots post exactly 50 times, once each", async () => {
    const [a, b] = processes;
    if (!a || !b) throw new Error("two processes expected");
    await a.platform.command(admin(a.platform), "quiz", "schedule add", { when: "every 10 minutes" }, start);
    expect(a.platform.views("schedule_added", "public")).toHaveLength(1);

    for (let slot = 1; slot <= 50; slot += 1) {
      await Promise.all([a.tick(minutes(slot * 10)), b.tick(minutes(slot * 10))]);
    }

    const posts = () => [...a.platform.views("question", "post"), ...b.platform.views("question", "post")];
    expect(posts()).toHaveLength(50);
    expect(new Set(posts().map((view) => view.roundId)).size).toBe(50);
    expect(posts().every((view) => view.daily)).toBe(true);

    const store = new DrizzleScheduleStore(database.db);
    const [schedule] = await store.list(a.platform.place);
    const slots = await store.listSlots(schedule?.id ?? 0);
    expect(slots).toHaveLength(50);
    expect(slots.map((row) => row.slotAt)).toEqual(
      Array.from({ length: 50 }, (_, i) => minutes((i + 1) * 10)),
    );
    expect(slots.every((row) => row.roundId !== null && row.status !== "skipped")).toBe(true);
    await eventually(async () => {
      await store.settleSlots();
      const settled = await store.listSlots(schedule?.id ?? 0);
      expect(settled.every((row) => row.status === "posted" || row.status === "closed")).toBe(true);
      expect(settled.every((row) => row.message !== null)).toBe(true);
    });
  }, 240_000);
});
