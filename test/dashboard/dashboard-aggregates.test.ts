import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TagMastery } from "../../src/domain/ports/dashboard-store.js";
import type { AnswerFacts } from "../../src/domain/ports/round-store.js";
import { questionFiguresHook } from "../../src/storage/dashboard/question-figures.js";
import {
  rebuildTagRecall,
  recountedTagMastery,
  tagMastery,
} from "../../src/storage/dashboard/tag-queries.js";
import { leaderboardAnswerHook } from "../../src/storage/leaderboards/answer-hook.js";
import { rowsOf } from "../../src/storage/raw-sql.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { DrizzleParameterStore } from "../../src/storage/reviews/drizzle-parameter-store.js";
import { reviewAnswerHook } from "../../src/storage/reviews/review-answer-hook.js";
import { drizzleRoundStorage } from "../../src/storage/rounds/index.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { expectFiguresEqualRecount } from "../support/figures.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import {
  guildA,
  guildB,
  members as guildMembers,
  now,
  seedDashboard,
  seedHistory,
} from "./dashboard-fixture.js";

const day = 86_400_000;
const migration = new URL("../../migrations/0012_dashboard_aggregates.sql", import.meta.url);

/** Two processes' answer paths on one database: each its own writer and hooks, as two bot processes. */
function processOn(database: TestDatabase) {
  return drizzleRoundStorage(database.db, [
    leaderboardAnswerHook({ defaultTimeZone: "UTC" }),
    reviewAnswerHook(),
    questionFiguresHook(),
  ]);
}

/**
 * The maintained figures equal a recount: cards and members exactly, the mean recall to within 0.2 % of
 * a card's recall (the buckets' approximation), at several instants since the buckets do not depend on it.
 */
async function expectTagsEqualRecount(database: TestDatabase, place: typeof guildA): Promise<TagMastery[]> {
  const found: TagMastery[] = [];
  for (const at of [now, new Date(now.getTime() + 3 * day), new Date(now.getTime() + 120 * day)]) {
    const maintained = await tagMastery(database.db, place, at);
    const recounted = await recountedTagMastery(database.db, place, at);
    const key = (rows: readonly TagMastery[]) =>
      rows
        .map(({ tag, cards, members }) => ({ tag, cards, members }))
        .sort((a, b) => a.tag.localeCompare(b.tag));
    expect(key(maintained), `tags on ${place.workspaceId} at ${at.toISOString()}`).toEqual(key(recounted));
    const recall = new Map(recounted.map((row) => [row.tag, row.meanRecall]));
    for (const row of maintained) {
      expect(Math.abs(row.meanRecall - (recall.get(row.tag) ?? Number.NaN))).toBeLessThan(0.002);
    }
    if (at === now) found.push(...maintained);
  }
  return found;
}

async function reviewCardCount(database: TestDatabase): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await database.db.execute(sql`select count(*)::int as n from review_cards`),
  );
  return Number(row?.n ?? 0);
}

for (const kind of storageKinds) {
  describe(`the dashboard's maintained figures on ${kind}`, () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      await seedDashboard(database.db);
      await seedHistory(database.db);
    }, 120_000);
    afterAll(async () => {
      await database?.close();
    });

    it("GIVEN weeks of play in rounds and daily quizzes THEN every group's period totals equal a recount and the tags equal a recount of the cards", async () => {
      await expectFiguresEqualRecount(database.db);
      expect(await reviewCardCount(database)).toBeGreaterThan(0);
      const tags = await expectTagsEqualRecount(database, guildA);
      expect(tags.map((row) => row.tag).sort()).toEqual(["asyncio", "gil", "threading"]);
      await expectTagsEqualRecount(database, guildB);
    });

    it("GIVEN the same answers delivered twice by two processes at once THEN each counts once in the period totals and the cards", async () => {
      const [first, second] = [processOn(database), processOn(database)];
      const created = await first.rounds.createRound({
        place: guildA,
        kind: "daily",
        mode: "everyone",
        startedBy: null,
        packId: "test-pack",
        topic: null,
        secondsPerQuestion: 60,
        seed: 1,
        questions: ["q-easy", "q-hard"].map((questionId) => ({ questionId, optionOrder: null })),
        openAll: { at: new Date(now.getTime() - day), closesAt: new Date(now.getTime() + day) },
      });
      if (!created.ok) throw new Error(created.error);
      const questions = await first.rounds.listRoundQuestions(created.value.id);
      // Members of guild B's only player and new ones too: their first answers put them on the boards.
      const players = [
        ...guildMembers,
        { id: "900001", displayName: "Outsider" },
        { id: "400001", displayName: "New" },
      ];
      const answers: AnswerFacts[] = questions.flatMap((question, position) =>
        players.map((player, index) => ({
          roundQuestionId: question.id,
          user: { platform: guildA.platform, id: player.id, displayName: player.displayName },
          questionId: position === 0 ? "q-easy" : "q-hard",
          response: { type: "choice", index: index % 3 === 0 ? 2 : 1 },
          correct: index % 3 !== 0,
          points: index % 3 !== 0 ? 100 : 0,
          responseMs: 2000 + index * 100,
          answeredAt: new Date(now.getTime() - 3_600_000 + index * 1000),
        })),
      );
      const outcomes = await Promise.all([
        ...answers.map((answer) => first.answers.recordAnswer(answer)),
        ...answers.map((answer) => second.answers.recordAnswer(answer)),
        ...answers.map((answer) => first.answers.recordAnswer(answer)),
      ]);
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(answers.length);
      await expectFiguresEqualRecount(database.db);
      await expectTagsEqualRecount(database, guildA);
      await expectTagsEqualRecount(database, guildB);
    });

    it("GIVEN cards graded, moved by a vacation, deleted, a member's fitted decay and a question's tags changed THEN the tags still equal a recount", async () => {
      await database.db.execute(sql`
        update review_cards set stability = stability * 2.5, last_review = last_review + interval '5 hours', state = 2
         where question_id = 'q-mid'`);
      await database.db.execute(sql`update review_cards set due = due + interval '3 days'`);
      await expectTagsEqualRecount(database, guildA);

      // Five members fit their own decay (enough to move the mean recall well past the buckets' error),
      // then one of them fits again.
      const fitted: { userId: number; fitId: number }[] = [];
      const weights = Array.from({ length: 21 }, (_, index) => (index === 20 ? 0.45 : 1));
      const parameters = new DrizzleParameterStore(database.db);
      for (const member of guildMembers.slice(0, 5)) {
        const [user] = rowsOf<{ id: string | number }>(
          await database.db.execute(sql`select id from users where platform_user_id = ${member.id}`),
        );
        const userId = Number(user?.id);
        const [fit] = rowsOf<{ id: string | number }>(
          await database.db.execute(sql`
            insert into parameter_fits (user_id, weights, fitted_at, review_count, log_loss, rmse,
                                        default_log_loss, default_rmse, accepted)
            values (${userId}, ${`{${weights.join(",")}}`}::float8[], ${now.toISOString()}::timestamptz, 400,
                    0.3, 0.05, 0.4, 0.07, true)
            returning id`),
        );
        fitted.push({ userId, fitId: Number(fit?.id) });
        await parameters.setInUse(userId, {
          source: "member",
          fitId: Number(fit?.id),
          weights,
          fittedAt: now,
        });
      }
      await expectTagsEqualRecount(database, guildA);
      const [first] = fitted;
      if (!first) throw new Error("no member fitted");
      await parameters.setInUse(first.userId, {
        source: "member",
        fitId: first.fitId,
        weights: weights.map((weight, index) => (index === 20 ? 0.2 : weight)),
        fittedAt: now,
      });
      await expectTagsEqualRecount(database, guildA);

      await syncPacks(database.db, [
        testPack([
          choiceQuestion("q-easy", { tags: ["asyncio"], prompt: "What does await do?" }),
          choiceQuestion("q-mid", { tags: ["asyncio", "threading", "locks"] }),
          choiceQuestion("q-hard", { tags: ["gil", "threading"] }),
        ]),
      ]);
      const tags = await expectTagsEqualRecount(database, guildA);
      expect(tags.map((row) => row.tag).sort()).toEqual(["asyncio", "gil", "locks", "threading"]);

      await database.db.execute(sql`delete from review_cards where user_id = ${first.userId}`);
      await parameters.setInUse(fitted[1]?.userId ?? 0, { source: "defaults" });
      await expectTagsEqualRecount(database, guildA);
      await expectTagsEqualRecount(database, guildB);
    });

    it("GIVEN the figures emptied and migration 0012's backfill run again THEN they equal a recount", async () => {
      const statements = (await readFile(migration, "utf8")).split("--> statement-breakpoint");
      const backfills = statements.filter(
        (statement) =>
          statement.includes('INSERT INTO "group_period_figures"') ||
          statement.includes("SELECT dashboard_cards_apply(("),
      );
      expect(backfills).toHaveLength(2);
      for (const table of [
        "group_period_figures",
        "dashboard_tag_recall",
        "dashboard_tag_members",
        "dashboard_tag_totals",
      ]) {
        await database.db.execute(sql.raw(`delete from ${table}`));
      }
      for (const statement of backfills) await database.db.execute(sql.raw(statement));
      await expectFiguresEqualRecount(database.db);
      await expectTagsEqualRecount(database, guildA);
      await expectTagsEqualRecount(database, guildB);
    });

    it("GIVEN the figures rebuilt from the cards THEN they are what the triggers kept", async () => {
      const before = await tagMastery(database.db, guildA, now);
      await rebuildTagRecall(database.db);
      const after = await tagMastery(database.db, guildA, now);
      expect(after.map(({ tag, cards, members }) => ({ tag, cards, members }))).toEqual(
        before.map(({ tag, cards, members }) => ({ tag, cards, members })),
      );
      for (const [index, row] of after.entries()) {
        expect(row.meanRecall).toBeCloseTo(before[index]?.meanRecall ?? Number.NaN, 9);
      }
    });
  });
}
