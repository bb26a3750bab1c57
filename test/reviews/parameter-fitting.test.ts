import { eq } from "drizzle-orm";
import { default_w, generatorParameters } from "ts-fsrs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fitGradings } from "../../src/app/reviews/fit-parameters.js";
import { ParameterFitting } from "../../src/app/reviews/parameter-fitting.js";
import { reviewFeature } from "../../src/app/reviews/review-feature.js";
import { createRouter } from "../../src/app/router.js";
import type { ChatUser } from "../../src/domain/ports/chat-platform.js";
import type { ReviewStorage } from "../../src/domain/ports/review-store.js";
import {
  asSchedulerWeights,
  chooseParameters,
  memberFitThreshold,
} from "../../src/domain/reviews/fsrs-parameters.js";
import { GOOD } from "../../src/domain/reviews/grading.js";
import type { GradingRecord } from "../../src/domain/reviews/review-history.js";
import { BindingParameterFitter } from "../../src/fitting/binding-parameter-fitter.js";
import { DrizzleJobClaims } from "../../src/storage/jobs/drizzle-job-claims.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { DrizzleParameterStore } from "../../src/storage/reviews/drizzle-parameter-store.js";
import { drizzleReviewStorage } from "../../src/storage/reviews/index.js";
import { groupMembers, parameterFits, reviewLogs, studyGroups } from "../../src/storage/schema/index.js";
import { FakeJobClock } from "../jobs/fake-job-clock.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { FakePlatform } from "../support/fake-platform.js";
import { ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";
import { simulateLearner } from "../support/simulated-learner.js";

const start = new Date("2026-01-05T09:00:00Z");
const fitter = new BindingParameterFitter();

describe("fitting FSRS parameters to a review history", () => {
  it("GIVEN a simulated learner with known memory parameters WHEN their history is fitted THEN the fitted parameters predict their held-out reviews better than the defaults, as a 21-weight FSRS-6 vector ts-fsrs takes", async () => {
    const history = simulateLearner({ seed: 8, cards: 150, newPerDay: 10, days: 120, start });
    expect(history.length).toBeGreaterThan(memberFitThreshold * 4);
    const result = await fitGradings(fitter, history, memberFitThreshold, new Date("2026-05-05T00:00:00Z"));
    if (result.kind !== "fitted") throw new Error(`not fitted: ${JSON.stringify(result)}`);
    expect(result.fit.fitted.logLoss).toBeLessThan(result.fit.defaults.logLoss);
    expect(result.fit.accepted).toBe(true);
    expect(result.fit.weights).toHaveLength(default_w.length);
    expect(() => generatorParameters({ w: asSchedulerWeights(result.fit.weights) })).not.toThrow();
    expect(asSchedulerWeights(result.fit.weights)).not.toEqual([...default_w]);
  });

  it("GIVEN a member whose latest reviews differ from all before WHEN fitted THEN the fit predicts them worse than the defaults and the member stays on the defaults", async () => {
    const history = simulateLearner({ seed: 11, cards: 150, newPerDay: 10, days: 120, start });
    // A weak memory for months, then (a course, a change of habit) every recall of the last weeks succeeds:
    // weights fitted to the months before predict the recent reviews worse than the defaults do.
    const cutoff = history[Math.floor(history.length * 0.8)]?.at.getTime() ?? 0;
    const changed: GradingRecord[] = history.map((record) =>
      record.at.getTime() >= cutoff ? { ...record, rating: GOOD } : record,
    );
    const result = await fitGradings(fitter, changed, memberFitThreshold, new Date("2026-05-05T00:00:00Z"));
    if (result.kind !== "fitted") throw new Error("not fitted");
    expect(result.fit.fitted.logLoss).toBeGreaterThan(result.fit.defaults.logLoss);
    expect(result.fit.accepted).toBe(false);
    expect(chooseParameters({ id: 1, ...result.fit }, [])).toEqual({ source: "defaults" });
  });

  it("GIVEN fewer reviews than the threshold THEN nothing is fitted", async () => {
    const history = simulateLearner({ seed: 3, cards: 20, newPerDay: 10, days: 30, start });
    expect(history.length).toBeLessThan(memberFitThreshold);
    expect(await fitGradings(fitter, history, memberFitThreshold, start)).toEqual({
      kind: "too_few",
      reviews: history.length,
      threshold: memberFitThreshold,
    });
  });
});

describe.each(storageKinds)("fitting as a claimed background job on %s", (kind) => {
  let database: TestDatabase;
  let time: ManualTime;
  let platform: FakePlatform;
  let feature: ReturnType<typeof reviewFeature>;
  let parameters: DrizzleParameterStore;
  let store: ReviewStorage;
  const questionCount = 160;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await syncPacks(database.db, [
      testPack(Array.from({ length: questionCount }, (_, i) => choiceQuestion(`q${i}`))),
    ]);
    time = new ManualTime(new Date("2026-05-05T08:00:00Z"));
    platform = new FakePlatform();
    parameters = new DrizzleParameterStore(database.db);
    store = drizzleReviewStorage(database.db);
    feature = reviewFeature({
      store,
      parameters,
      fitter,
      clock: time,
      claims: new DrizzleJobClaims(database.db),
      jobClock: new FakeJobClock(),
      platforms: [platform],
      claimant: "test",
      logger: silentLogger(),
    });
    await platform.start(createRouter([feature], silentLogger()));
  });
  afterEach(async () => {
    await feature.stop?.();
    await database.close();
  });

  /** Writes a simulated history into the member's review log, card `c<i>` as question `q<i>`. */
  async function giveHistory(member: ChatUser, history: readonly GradingRecord[]): Promise<number> {
    const userId = await store.members.userIdOf(member);
    const rows = history.map((record) => ({
      userId,
      questionId: `q${record.cardKey.replace(/^\D+/, "")}`,
      rating: record.rating,
      state: 2,
      due: record.at,
      stability: 1,
      difficulty: 5,
      elapsedDays: 0,
      lastElapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 0,
      reviewedAt: record.at,
      source: "review" as const,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await database.db.insert(reviewLogs).values(rows.slice(i, i + 500));
    return userId;
  }

  const statsOf = async (member: ChatUser) => {
    await platform.command(member, "stats", undefined);
    const stats = platform.views("stats").at(-1);
    if (!stats) throw new Error("no stats shown");
    return stats.parameters;
  };

  it("GIVEN a member below the threshold WHEN they press Fit to my history THEN they hear how many reviews they have and the defaults stay", async () => {
    const bob = platform.member("bob");
    const history = simulateLearner({ seed: 3, cards: 20, newPerDay: 10, days: 30, start });
    await giveHistory(bob, history);
    await platform.command(bob, "review", "settings");
    const settings = platform.views("review_settings").at(-1);
    expect(settings?.fitActionId).toBe("rv:fit");
    await platform.press(bob, "rv:fit");
    expect(platform.views("parameter_fit").at(-1)).toEqual({
      kind: "parameter_fit",
      outcome: "too_few",
      reviews: history.length,
      threshold: memberFitThreshold,
    });
    expect(await statsOf(bob)).toMatchObject({ source: "defaults", since: null, ownFit: null });
  });

  it("GIVEN a member with enough history WHEN they press Fit to my history THEN the fit runs in the background, /stats shows their own parameters beating the defaults, and their next grading uses them", async () => {
    const alice = platform.member("alice");
    const userId = await giveHistory(
      alice,
      simulateLearner({ seed: 8, cards: 150, newPerDay: 10, days: 120, start }),
    );
    await platform.press(alice, "rv:fit");
    expect(platform.views("parameter_fit").at(-1)?.outcome).toBe("started");
    // A second press at once (in this or another process) does not fit twice.
    await platform.press(alice, "rv:fit");
    expect(platform.views("parameter_fit").at(-1)?.outcome).toBe("already_running");
    await feature.fitting.idle();

    const shown = await statsOf(alice);
    expect(shown).toMatchObject({ source: "member", since: "2026-05-05" });
    expect(shown.ownFit?.accepted).toBe(true);
    expect(shown.ownFit?.fitted.logLoss).toBeLessThan(shown.ownFit?.defaults.logLoss ?? 0);
    const rendered = JSON.stringify(platform.sent.at(-1));
    expect(rendered).not.toContain("undefined");

    const inUse = await parameters.inUse(userId);
    if (inUse.source === "defaults") throw new Error("still on the defaults");
    // A first review graded Good starts at the initial stability for Good: the fitted w[2], not the default.
    const card = await store.cards.grade({
      userId,
      questionId: `q${questionCount - 1}`,
      grade: GOOD,
      at: time.now(),
      source: "review",
      platform: "console",
      workspaceId: "w",
    });
    expect(card.stability).toBeCloseTo(inUse.weights[2] ?? Number.NaN, 5);
    expect(card.stability).not.toBeCloseTo(default_w[2] ?? 0, 2);
  });

  it("GIVEN a group whose members each have too few reviews but enough together WHEN the weekly job runs in two processes THEN one pooled fit is made and schedules the group's members, and a member outside stays on the defaults", async () => {
    const [carol, dan, erin] = [platform.member("carol"), platform.member("dan"), platform.member("erin")];
    // Each history stops short of the threshold (390 reviews at most); dan reviews half a minute after carol.
    const member = (seed: number, prefix: string, offsetMs: number) =>
      simulateLearner({
        seed,
        cards: 35,
        newPerDay: 5,
        days: 100,
        start: new Date(start.getTime() + offsetMs),
        cardPrefix: prefix,
      }).slice(0, 390);
    const carolHistory = member(21, "c", 0);
    const danHistory = member(22, "d", 30_000).map((r) => ({
      ...r,
      cardKey: `c${Number(r.cardKey.slice(1)) + 80}`,
    }));
    expect(carolHistory.length).toBeLessThan(memberFitThreshold);
    expect(danHistory.length).toBeLessThan(memberFitThreshold);
    const carolId = await giveHistory(carol, carolHistory);
    const danId = await giveHistory(dan, danHistory);
    await giveHistory(erin, member(23, "c", 0).slice(0, 200));
    const [group] = await database.db
      .insert(studyGroups)
      .values({ platform: "console", workspaceId: "w", kind: "workspace", scopeKey: "", name: "Study group" })
      .returning();
    if (!group) throw new Error("no group");
    await database.db.insert(groupMembers).values([
      { groupId: group.id, userId: carolId },
      { groupId: group.id, userId: danId },
    ]);

    const slot = new Date("2026-05-04T03:00:00Z");
    const other = new ParameterFitting({
      parameters,
      fitter,
      claims: new DrizzleJobClaims(database.db),
      jobClock: new FakeJobClock(),
      claimant: "other",
      logger: silentLogger(),
    });
    const fitted = await Promise.all([feature.fitting.runWeekly(slot), other.runWeekly(slot)]);
    expect(fitted[0] + fitted[1]).toBe(1);
    const fits = await database.db.select().from(parameterFits);
    expect(fits).toHaveLength(1);
    expect(fits[0]).toMatchObject({ groupId: group.id, userId: null, accepted: true });

    expect(await statsOf(carol)).toMatchObject({ source: "group", since: "2026-05-04", ownFit: null });
    expect(await statsOf(dan)).toMatchObject({ source: "group" });
    expect(await statsOf(erin)).toMatchObject({ source: "defaults" });
    // The group gone: its fit no longer schedules anyone after the next run.
    await database.db.update(studyGroups).set({ removedAt: slot }).where(eq(studyGroups.id, group.id));
    await feature.fitting.fitOwner({ kind: "member", userId: carolId }, slot);
    expect(await statsOf(carol)).toMatchObject({ source: "defaults" });
  });
});
