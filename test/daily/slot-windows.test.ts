import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closesAtWhenPosted } from "../../src/domain/schedules/answer-window.js";
import { present } from "../../src/platforms/shared/present.js";
import { DrizzleScheduleStore } from "../../src/storage/schedules/drizzle-schedule-store.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { fullCapabilities } from "../support/fake-platform.js";
import { admin, type BotProcess, startProcess } from "./daily-harness.js";

const at = (time: string) => new Date(`2026-05-04T${time}Z`);

describe("daily quiz answer windows: pauses, late posts and the schedule's own zone", () => {
  let database: TestDatabase;
  let bot: BotProcess;

  beforeEach(async () => {
    database = await createTestDatabase();
    bot = await startProcess(database, "first", at("08:00:00"));
  });

  afterEach(async () => {
    await bot.bot.stop();
    await database.close();
  });

  const command = (subcommand: string, options: Record<string, string | number>) =>
    bot.platform.command(admin(bot.platform), "quiz", subcommand, options, bot.time.now());
  const scheduleId = () => bot.platform.views("schedule_added")[0]?.schedule.id ?? 0;

  it("GIVEN a schedule resumed just after a slot that came while it was paused THEN that slot stays skipped and the next one posts", async () => {
    await command("schedule add", { when: "every 10 minutes" });
    await command("schedule pause", { id: scheduleId() });
    await bot.tick(at("08:20:00"));
    bot.time.advance(109_000); // 08:21:49
    await command("schedule resume", { id: scheduleId() });
    await bot.tick(at("08:22:00"));
    expect(bot.platform.views("question", "post")).toHaveLength(0);
    const slots = await new DrizzleScheduleStore(database.db).listSlots(scheduleId());
    expect(slots).toMatchObject([{ slotAt: at("08:20:00"), status: "skipped" }]);
    await bot.tick(at("08:30:00"));
    expect(bot.platform.views("question", "post")).toHaveLength(1);
  });

  it("GIVEN a restart 2.6 minutes after a ten-minute slot THEN the slot is skipped rather than open for 7.4 minutes", async () => {
    await command("schedule add", { when: "every 10 minutes" });
    const id = scheduleId();
    await bot.bot.stop();
    bot = await startProcess(database, "restarted", at("09:02:36"));
    expect(bot.platform.views("question", "post")).toHaveLength(0);
    const slots = await new DrizzleScheduleStore(database.db).listSlots(id);
    expect(slots.at(-1)).toMatchObject({ slotAt: at("09:00:00"), status: "skipped" });
    await bot.tick(at("09:10:00"));
    const [posted] = bot.platform.views("question", "post");
    expect(posted?.closesAt).toEqual(at("09:20:00"));
  });

  it("GIVEN a daily slot posted late with room before the next post THEN it stays open the promised ten minutes", () => {
    const slot = at("09:00:00");
    const next = new Date("2026-05-05T09:00:00Z");
    const lateBy = (minutes: number) => new Date(slot.getTime() + minutes * 60_000);
    // Normal window: 08:00 the next day. Posted at 07:55 the next day: ten minutes from the post.
    expect(closesAtWhenPosted(slot, next, 60, lateBy(22 * 60 + 55))).toEqual(
      new Date("2026-05-05T08:05:00Z"),
    );
    expect(closesAtWhenPosted(slot, next, 60, lateBy(3))).toEqual(new Date("2026-05-05T08:00:00Z"));
    expect(closesAtWhenPosted(slot, next, 60, lateBy(23 * 60 + 1))).toBeUndefined();
    // A restart seconds before a ten-minute window closes: skipped, never posted with seconds left.
    const tenMinutes = new Date(slot.getTime() + 10 * 60_000);
    expect(closesAtWhenPosted(slot, tenMinutes, 60, lateBy(9.9))).toBeUndefined();
    expect(closesAtWhenPosted(slot, tenMinutes, 60, lateBy(0.5))).toEqual(tenMinutes);
  });

  it("GIVEN a schedule in Europe/Berlin THEN the question's footer, the confirmation and the list give times in that zone", async () => {
    await command("schedule add", { when: "daily 09:00 Europe/Berlin" });
    const added = bot.platform.views("schedule_added")[0];
    expect(added?.schedule.timeZone).toBe("Europe/Berlin");
    await bot.tick(new Date("2026-05-05T07:00:00Z"));
    const [posted] = bot.platform.views("question", "post");
    expect(posted?.timeZone).toBe("Europe/Berlin");
    const footer = posted ? (present(posted, fullCapabilities).footer ?? "") : "";
    expect(footer).toContain("answers close Wed 6 May, 08:00 (Europe/Berlin)");
    expect(footer).not.toContain("UTC");
    const confirmation = added ? present(added, fullCapabilities).fallback : "";
    expect(confirmation).toContain("answers until Wed 6 May, 08:00 (Europe/Berlin)");
    await bot.platform.command(admin(bot.platform), "quiz", "schedule list", {}, bot.time.now());
    const list = bot.platform.privateViews().at(-1);
    const listed = list ? present(list, fullCapabilities).fallback : "";
    expect(listed).toContain("answers until Thu 7 May, 08:00 (Europe/Berlin)");
    // One rule, worded once: the list and the confirmation say the same about the window.
    const rule = "answers close 60 min before the next post, and stay open 10 min at least";
    expect(confirmation).toContain(rule);
    expect(listed).toContain(rule);
  });
});
