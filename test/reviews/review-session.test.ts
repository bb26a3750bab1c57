import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewFeature } from "../../src/app/reviews/review-feature.js";
import { createRouter } from "../../src/app/router.js";
import type { ChatUser } from "../../src/domain/ports/chat-platform.js";
import type { ReviewCardView, View } from "../../src/domain/ports/views/index.js";
import { BindingParameterFitter } from "../../src/fitting/binding-parameter-fitter.js";
import { DrizzleJobClaims } from "../../src/storage/jobs/drizzle-job-claims.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { DrizzleParameterStore } from "../../src/storage/reviews/drizzle-parameter-store.js";
import { drizzleReviewStorage } from "../../src/storage/reviews/index.js";
import { reviewCards, reviewLogs, reviewSessions, userSettings } from "../../src/storage/schema/index.js";
import { FakeJobClock } from "../jobs/fake-job-clock.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { FakePlatform } from "../support/fake-platform.js";
import { ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack, textQuestion } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

const t0 = new Date("2026-03-02T10:00:00Z");

describe.each(storageKinds)("a personal review session on %s", (kind) => {
  let database: TestDatabase;
  let platform: FakePlatform;
  let time: ManualTime;
  let alice: ChatUser;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await syncPacks(database.db, [
      testPack([choiceQuestion("q1"), choiceQuestion("q2"), textQuestion("q3", ["gather"])]),
    ]);
    time = new ManualTime(t0);
    platform = new FakePlatform();
    const feature = reviewFeature({
      store: drizzleReviewStorage(database.db),
      parameters: new DrizzleParameterStore(database.db),
      fitter: new BindingParameterFitter(),
      clock: time,
      claims: new DrizzleJobClaims(database.db),
      jobClock: new FakeJobClock(),
      platforms: [platform],
      claimant: "test",
      logger: silentLogger(),
    });
    await platform.start(createRouter([feature], silentLogger()));
    alice = platform.member("alice");
  });
  afterEach(async () => {
    await database.close();
  });

  const last = (): View => {
    const sent = platform.sent.at(-1);
    if (!sent || !("view" in sent)) throw new Error("nothing sent");
    return sent.view;
  };
  /** The card on screen: the latest review card sent (a stale-press notice does not replace it). */
  const lastCard = (): ReviewCardView => {
    const cards = platform.views("review_card");
    const card = cards.at(-1);
    if (!card) throw new Error("no review card shown");
    return card;
  };
  const press = (actionId: string | undefined) => {
    if (!actionId) throw new Error("no such button");
    return platform.press(alice, actionId);
  };
  const gradeButton = (card: ReviewCardView, grade: number) =>
    card.grades?.find((g) => g.grade === grade)?.actionId;

  it("GIVEN a new member WHEN they review THEN new cards are served privately, answers reveal, grades schedule and log, and pause/resume keeps the place", async () => {
    await platform.command(alice, "review", "start");
    expect(platform.sent.at(-1)?.via).toBe("private");
    expect(last().kind).toBe("review_card");
    const first = lastCard();
    expect(first).toMatchObject({ position: 0, total: 3, dueCount: 0, isNew: true, answerMode: "choice" });

    // Right, in 2 s of 20: the suggestion is Easy; the member grades Good anyway.
    time.advance(2000);
    await press(
      first.choices.find((choice) => choice.label.type === "text" && choice.label.text === "one")?.actionId,
    );
    const revealed = lastCard();
    expect(revealed.reveal).toMatchObject({
      correct: true,
      correctAnswer: { type: "options", options: [{ key: "B", text: "one" }] },
    });
    expect(revealed.grades?.find((grade) => grade.suggested)?.grade).toBe(4);
    await press(gradeButton(revealed, 3));
    expect(lastCard()).toMatchObject({ position: 1, total: 3 });

    // A second press of the same grade button is stale and grades nothing.
    await press(gradeButton(revealed, 3));
    expect(last()).toEqual({ kind: "notice", notice: { code: "unknown_action" } });

    // Wrong answer on q2: the suggestion is Again.
    await press(
      lastCard().choices.find((choice) => choice.label.type === "text" && choice.label.text === "zero")
        ?.actionId,
    );
    expect(lastCard().reveal?.correct).toBe(false);
    expect(lastCard().grades?.find((grade) => grade.suggested)?.grade).toBe(1);
    await press(gradeButton(lastCard(), 1));

    // The text card is recalled in the head: Show answer, then grade. But first a pause.
    expect(lastCard()).toMatchObject({ position: 2, answerMode: "recall" });
    await press(lastCard().pauseActionId);
    expect(last()).toMatchObject({ kind: "review_summary", outcome: "paused", reviewed: 2, remaining: 1 });
    const [paused] = await database.db.select().from(reviewSessions);
    expect(paused).toMatchObject({ status: "paused", position: 2 });

    // Resuming (as after a restart: everything is read back from the database) shows the same card.
    time.advance(60_000);
    await platform.command(alice, "review", "start");
    expect(lastCard()).toMatchObject({ position: 2, total: 3 });
    await press(lastCard().showAnswerActionId);
    expect(lastCard().reveal).toMatchObject({ correctAnswer: { type: "text", text: "gather" } });
    await press(gradeButton(lastCard(), 2));
    expect(last()).toMatchObject({ kind: "review_summary", outcome: "finished", reviewed: 3, again: 1 });

    const cards = await database.db.select().from(reviewCards);
    expect(cards.map((card) => card.questionId).sort()).toEqual(["q1", "q2", "q3"]);
    const logs = await database.db.select().from(reviewLogs);
    expect(logs.map((log) => [log.questionId, log.rating, log.state, log.source])).toEqual([
      ["q1", 3, 0, "review"],
      ["q2", 1, 0, "review"],
      ["q3", 2, 0, "review"],
    ]);
    const [finished] = await database.db.select().from(reviewSessions);
    expect(finished).toMatchObject({ status: "finished", position: 3 });
  });

  it("GIVEN cards graded earlier THEN the most overdue comes first and the new-card limit holds", async () => {
    await platform.command(alice, "review", "settings", { new_per_day: 1 });
    const store = drizzleReviewStorage(database.db);
    const userId = await store.members.userIdOf(alice);
    const graded = (questionId: string, at: Date) =>
      store.cards.grade({
        userId,
        questionId,
        grade: 1,
        at,
        source: "round",
        platform: "console",
        workspaceId: "ws",
      });
    await graded("q2", new Date(t0.getTime() - 3_600_000));
    await graded("q1", new Date(t0.getTime() - 7_200_000));
    await platform.command(alice, "review", "start");
    const card = lastCard();
    expect(card).toMatchObject({ total: 3, dueCount: 2, isNew: false, prompt: "Prompt of q1" });
  });

  it("GIVEN /review settings THEN valid values are stored and echoed privately, a bad time zone is refused", async () => {
    await platform.command(alice, "review", "settings", { timezone: "Mars/Olympus" });
    expect(last()).toEqual({
      kind: "notice",
      notice: {
        code: "invalid_option",
        option: "timezone",
        expected: { type: "time_zone" },
      },
    });
    await platform.command(alice, "review", "settings", {
      retention: 0.85,
      timezone: "Europe/Berlin",
      reminder: "08:30",
    });
    expect(platform.sent.at(-1)?.via).toBe("private");
    expect(last()).toEqual({
      kind: "review_settings",
      retention: 0.85,
      newPerDay: 10,
      timeZone: "Europe/Berlin",
      reminderTime: "08:30",
      remindersEnabled: true,
      snippetCards: true,
      lightWeekdays: [],
      vacation: null,
      fitActionId: "rv:fit",
      workload: expect.any(Array),
    });
    const store = drizzleReviewStorage(database.db);
    const [row] = await database.db
      .select()
      .from(userSettings)
      .where(eq(userSettings.userId, await store.members.userIdOf(alice)));
    expect(row).toMatchObject({ desiredRetention: 0.85, timeZone: "Europe/Berlin", remindersEnabled: true });
  });

  it("GIVEN a finished review THEN /stats shows due cards, reviews, retention and the streak in the member's zone", async () => {
    await platform.command(alice, "review", "start");
    for (const grade of [3, 1, 3]) {
      const card = lastCard();
      const reveal = card.showAnswerActionId ?? card.choices[0]?.actionId;
      await press(reveal);
      await press(gradeButton(lastCard(), grade));
    }
    await platform.command(alice, "stats", undefined);
    const stats = last();
    expect(stats).toMatchObject({
      kind: "stats",
      reviewsDone: 3,
      reviews30: 3,
      currentStreak: 1,
      longestStreak: 1,
      strongest: [],
    });
    if (stats.kind !== "stats") return;
    expect(stats.retention30).toBeCloseTo(2 / 3);
    expect(stats.duePerDay).toHaveLength(7);
    // The chart's 30 days start with the same week.
    expect(stats.duePerDay30).toHaveLength(30);
    expect(stats.duePerDay30?.slice(0, 7)).toEqual(stats.duePerDay);
    // Again and Good on new cards come back within minutes: all three are due today.
    expect(stats.dueToday).toBe(3);
  });

  it("GIVEN a question taken out of its pack while it waits in a session THEN the session skips it and later sessions leave it out", async () => {
    await platform.command(alice, "review", "start");
    expect(lastCard()).toMatchObject({ position: 0, total: 3 });
    // The operator removes q2 and restarts the bot while Alice is on q1.
    await syncPacks(database.db, [testPack([choiceQuestion("q1"), textQuestion("q3", ["gather"])])]);
    await press(
      lastCard().choices.find((choice) => choice.label.type === "text" && choice.label.text === "one")
        ?.actionId,
    );
    await press(gradeButton(lastCard(), 3));
    expect(lastCard()).toMatchObject({ position: 2, answerMode: "recall" });
    await press(lastCard().showAnswerActionId);
    await press(gradeButton(lastCard(), 1));
    expect(last()).toMatchObject({ kind: "review_summary", outcome: "finished", reviewed: 2 });

    // Both graded cards are due again within minutes; q2 never had a card and is no longer offered.
    time.advance(3_600_000);
    await platform.command(alice, "review", "start");
    expect(lastCard()).toMatchObject({ total: 2 });
  });
});
