import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { QuestionView, View } from "../../src/domain/ports/views/index.js";
import { present } from "../../src/platforms/shared/present.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { fullCapabilities } from "../support/fake-platform.js";
import { eventually } from "../support/manual-time.js";
import { admin, type BotProcess, member, startProcess } from "./daily-harness.js";

const now = new Date("2026-05-04T08:00:00Z");

describe("the /quiz schedule commands", () => {
  let database: TestDatabase;
  let bot: BotProcess;

  beforeEach(async () => {
    database = await createTestDatabase();
    bot = await startProcess(database, "only", now);
  });

  afterEach(async () => {
    await bot.bot.stop();
    await database.close();
  });

  const add = (options: Record<string, string | number>, by = admin(bot.platform)) =>
    bot.platform.command(by, "quiz", "schedule add", options, now);
  const lastPrivate = (): View | undefined => bot.platform.privateViews().at(-1);

  it("GIVEN a member without admin rights THEN adding, pausing and removing are refused privately", async () => {
    await add({ when: "daily 09:00" }, member(bot.platform));
    expect(lastPrivate()).toEqual({
      kind: "notice",
      notice: { code: "not_allowed", needed: "admin" },
    });
    await bot.platform.command(member(bot.platform), "quiz", "schedule remove", { id: 1 }, now);
    expect(bot.platform.privateViews()).toHaveLength(2);
    expect(bot.platform.views("schedule_added")).toHaveLength(0);
  });

  it.each([
    ["daily 25:00", "bad_time"],
    ["every 5 minutes", "bad_interval"],
    ["0 9 * * 8", "bad_cron"],
    ["*/5 * * * *", "too_frequent"],
    ["someday 09:00", "bad_days"],
  ])("GIVEN when %s THEN the admin is told privately what is expected (%s)", async (when, code) => {
    await add({ when });
    const reply = lastPrivate();
    expect(reply?.kind === "schedule_problem" && reply.problem.code).toBe(code);
    expect(bot.platform.views("schedule_added")).toHaveLength(0);
  });

  it("GIVEN an unknown time zone, pack or question count THEN each is refused privately", async () => {
    await add({ when: "weekdays 09:00", timezone: "Europe/Atlantis" });
    expect(lastPrivate()).toMatchObject({ problem: { code: "unknown_time_zone", zone: "Europe/Atlantis" } });
    await add({ when: "weekdays 09:00 nosuchtopic" });
    expect(lastPrivate()).toMatchObject({ notice: { code: "no_questions", filter: "nosuchtopic" } });
    await add({ when: "weekdays 09:00 testing many" });
    expect(lastPrivate()).toMatchObject({ notice: { code: "invalid_option", option: "questions" } });
  });

  it("GIVEN typed text with pack, count and zone THEN the schedule keeps them, lists them, and pauses, resumes and is removed", async () => {
    await add({ when: "weekdays 09:00 testing 2 Europe/Berlin" });
    const [added] = bot.platform.views("schedule_added", "public");
    expect(added?.schedule).toMatchObject({
      description: "weekdays 09:00",
      cron: "0 9 * * 1-5",
      timeZone: "Europe/Berlin",
      pack: "testing",
      questionCount: 2,
    });
    expect(added?.firstSlot).toEqual(new Date("2026-05-05T07:00:00Z"));
    const id = added?.schedule.id ?? 0;

    await bot.platform.command(admin(bot.platform), "quiz", "schedule pause", { id }, now);
    await bot.platform.command(member(bot.platform), "quiz", "schedule list", {}, now);
    expect(lastPrivate()).toMatchObject({ kind: "schedule_list", schedules: [{ id, paused: true }] });
    await bot.platform.command(admin(bot.platform), "quiz", "schedule resume", { id }, now);
    await bot.platform.command(admin(bot.platform), "quiz", "schedule remove", { id }, now);
    expect(bot.platform.views("schedule_outcome", "public").map((view) => view.outcome)).toEqual([
      "paused",
      "resumed",
      "removed",
    ]);
    await bot.platform.command(admin(bot.platform), "quiz", "schedule remove", { id }, now);
    expect(lastPrivate()).toEqual({ kind: "schedule_outcome", outcome: "not_found", id });
  });

  it.each([
    ["weekdays 09:00 Europe/Berlin", undefined, undefined],
    ["weekdays 09:00 Europe/Berlin testing 2", "testing", 2],
    ["weekdays 09:00 testing Europe/Berlin 2", "testing", 2],
    ["weekdays 09:00 testing 2 Europe/Berlin", "testing", 2],
  ])("GIVEN %s THEN the time zone is recognised wherever it stands", async (when, pack, questions) => {
    await add({ when });
    const [added] = bot.platform.views("schedule_added", "public");
    expect(added?.schedule).toMatchObject({
      timeZone: "Europe/Berlin",
      pack: pack ?? null,
      questionCount: questions ?? 1,
    });
  });

  it("GIVEN a mistyped zone or a word matching no questions THEN the refusal names the timezone: option", async () => {
    await add({ when: "weekdays 09:00 Europe/Berln" });
    const zone = lastPrivate();
    expect(zone).toMatchObject({ problem: { code: "unknown_time_zone", zone: "Europe/Berln" } });
    expect(zone && present(zone, fullCapabilities).fallback).toContain("`timezone:Europe/Berlin`");
    await add({ when: "weekdays 09:00 Berlin" });
    const pack = lastPrivate();
    expect(pack).toMatchObject({ notice: { code: "no_questions", filter: "Berlin" } });
    expect(pack && present(pack, fullCapabilities).fallback).toContain("`timezone:Europe/Berlin`");
  });

  it("GIVEN close_before 120 THEN answers close two hours before the next post; a bad value is refused", async () => {
    await add({ when: "daily 09:00 close_before:120" });
    expect(bot.platform.views("schedule_added")[0]).toMatchObject({
      schedule: { closeBeforeNextMinutes: 120 },
      firstClosesAt: new Date("2026-05-05T07:00:00Z"),
    });
    await add({ when: "daily 10:00 testing 1 UTC 5000" });
    expect(lastPrivate()).toMatchObject({ notice: { code: "invalid_option", option: "close_before" } });
  });

  it("GIVEN a paused schedule THEN its slot is not posted", async () => {
    await add({ when: "daily 09:00" });
    const id = bot.platform.views("schedule_added")[0]?.schedule.id ?? 0;
    await bot.platform.command(admin(bot.platform), "quiz", "schedule pause", { id }, now);
    await bot.tick(new Date("2026-05-04T09:00:00Z"));
    expect(bot.platform.views("question", "post")).toHaveLength(0);
  });

  it("GIVEN a daily post answered by two members THEN at close it reveals the answer and who got it right, and the summary ranks them", async () => {
    await add({ when: "daily 09:00", questions: 2 });
    await bot.tick(new Date("2026-05-04T09:00:00Z"));
    const posted = bot.platform.views("question", "post");
    expect(posted).toHaveLength(2);
    expect(posted.every((view) => view.daily && view.state === "open")).toBe(true);
    const [first, second] = posted as [QuestionView, QuestionView];
    expect(first.closesAt).toEqual(new Date("2026-05-05T08:00:00Z"));
    const bob = member(bot.platform, "bob");
    const eve = member(bot.platform, "eve");
    await bot.platform.press(
      bob,
      `q:a:${first.roundQuestionId}:1`,
      undefined,
      new Date("2026-05-04T09:05:00Z"),
    );
    await bot.platform.press(
      bob,
      `q:a:${second.roundQuestionId}:1`,
      undefined,
      new Date("2026-05-04T09:06:00Z"),
    );
    await bot.platform.press(
      eve,
      `q:a:${first.roundQuestionId}:0`,
      undefined,
      new Date("2026-05-04T12:00:00Z"),
    );
    expect(bot.platform.privateTo("bob").map((view) => view.kind)).toEqual(["answer_ack", "answer_ack"]);
    // Still open hours later: answers stay open until the close time, not for seconds.
    await bot.tick(new Date("2026-05-04T20:00:00Z"));
    expect(bot.platform.views("question", "edit").filter((view) => view.reveal)).toHaveLength(0);

    await bot.tick(new Date("2026-05-05T08:00:00Z"));
    await eventually(() => expect(bot.platform.views("round_summary")).toHaveLength(1));
    const reveals = bot.platform.views("question", "edit").filter((view) => view.reveal);
    expect(reveals).toHaveLength(2);
    const firstReveal = reveals.find((view) => view.roundQuestionId === first.roundQuestionId);
    expect(firstReveal?.reveal).toMatchObject({
      correctKeys: ["B"],
      answeredCount: 2,
      correctCount: 1,
      correctMembers: [{ displayName: "bob" }],
      explanation: expect.stringContaining("Explanation"),
    });
    const summary = bot.platform.views("round_summary")[0];
    expect(summary?.daily).toBe(true);
    expect(summary?.rows.map((row) => [row.displayName, row.correct])).toEqual([
      ["bob", 2],
      ["eve", 0],
    ]);
  });

  it("GIVEN a daily question open and no round running THEN a typed letter answers it (the console's way)", async () => {
    await bot.bot.stop();
    // The console has no buttons: members type the letter.
    bot = await startProcess(database, "console", now, { ...fullCapabilities, buttons: false });
    await add({ when: "daily 09:00" });
    await bot.tick(new Date("2026-05-04T09:00:00Z"));
    expect(bot.platform.views("question", "post")).toHaveLength(1);
    await bot.platform.say(member(bot.platform, "carol"), "B", new Date("2026-05-04T09:30:00Z"));
    expect(bot.platform.privateTo("carol")).toMatchObject([{ kind: "answer_ack", correct: true }]);
  });
});
