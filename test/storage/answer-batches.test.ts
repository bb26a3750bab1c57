import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Place } from "../../src/domain/ports/chat-platform.js";
import type { AnswerFacts, RoundStorage } from "../../src/domain/ports/round-store.js";
import { leaderboardAnswerHook } from "../../src/storage/leaderboards/answer-hook.js";
import { selectRows } from "../../src/storage/leaderboards/recount.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { reviewAnswerHook } from "../../src/storage/reviews/review-answer-hook.js";
import { drizzleRoundStorage } from "../../src/storage/rounds/index.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { expectFiguresEqualRecount, expectStreaksEqualRecount } from "../support/figures.js";
import { choiceQuestion, testPack } from "../support/questions.js";

const questionIds = ["q1", "q2", "q3", "q4"];
const python: Place = { platform: "discord", workspaceId: "guild-1", channelId: "python" };
const asyncio: Place = { platform: "discord", workspaceId: "guild-1", channelId: "asyncio" };
const day = 86_400_000;
const t0 = Date.parse("2026-12-28T09:00:00Z");

describe.each(storageKinds)("answers stored in batches on %s", (kind) => {
  let database: TestDatabase;
  let store: RoundStorage;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await syncPacks(database.db, [testPack(questionIds.map((id) => choiceQuestion(id)))]);
    store = drizzleRoundStorage(
      database.db,
      [leaderboardAnswerHook({ defaultTimeZone: "UTC" }), reviewAnswerHook()],
      {
        maxBatch: 64,
      },
    );
  });
  afterEach(async () => {
    await database.close();
  });

  /** A round in `place` with every question open until far in the future; returns the round question ids. */
  async function openRound(place: Place): Promise<number[]> {
    const created = await store.rounds.createRound({
      place,
      kind: "daily",
      mode: "everyone",
      startedBy: null,
      packId: "test-pack",
      topic: null,
      secondsPerQuestion: 60,
      seed: 1,
      questions: questionIds.map((questionId) => ({ questionId, optionOrder: null })),
      openAll: { at: new Date(t0 - day), closesAt: new Date(t0 + 30 * day) },
    });
    if (!created.ok) throw new Error(created.error);
    return (await store.rounds.listRoundQuestions(created.value.id)).map((record) => record.id);
  }

  it("GIVEN a burst of answers with double clicks, two channels and several days THEN each answer counts once and every figure equals a recount", async () => {
    const rounds = { python: await openRound(python), asyncio: await openRound(asyncio) };
    const members = Array.from({ length: 40 }, (_, index) => `m${index}`);
    const answers: AnswerFacts[] = [];
    members.forEach((member, index) => {
      for (const [channel, place] of [
        ["python", python],
        ["asyncio", asyncio],
      ] as const) {
        rounds[channel].forEach((roundQuestionId, position) => {
          if ((index + position) % 3 === 0) return;
          const correct = (index * 7 + position) % 4 !== 0;
          answers.push({
            roundQuestionId,
            // Every other answer leaves the place out, as callers other than the engine may.
            ...(index % 2 === 0 ? { place, roundKind: "daily" as const } : {}),
            user: { platform: "discord", id: member, displayName: member.toUpperCase() },
            questionId: questionIds[position] ?? "q1",
            response: { type: "choice", index: correct ? 1 : 0 },
            correct,
            points: correct ? 100 + ((index * 13 + position) % 50) : 0,
            responseMs: 1000 + index * 10,
            // Spread over consecutive days so streaks grow inside one batch.
            answeredAt: new Date(t0 + position * day + index * 1000),
          });
        });
      }
    });
    // Every fifth answer is delivered twice, the second copy somewhere later in the burst.
    const deliveries = [...answers, ...answers.filter((_, index) => index % 5 === 0)];
    const outcomes = await Promise.all(deliveries.map((answer) => store.answers.recordAnswer(answer)));

    const recorded = outcomes.filter((outcome) => outcome.ok);
    expect(recorded.length).toBe(answers.length);
    expect(outcomes.filter((outcome) => !outcome.ok && outcome.error === "already_answered").length).toBe(
      deliveries.length - answers.length,
    );
    const [stored] = await selectRows<{ answers: number; logs: number; cards: number; reps: number }>(
      database.db,
      sql`select (select count(*)::int from answers) as answers,
                 (select count(*)::int from review_logs) as logs,
                 (select count(*)::int from review_cards) as cards,
                 (select sum(reps)::int from review_cards) as reps`,
    );
    expect(stored?.answers).toBe(answers.length);
    // One grading per stored answer; a member answering one question in both channels grades one card twice.
    expect(stored?.logs).toBe(answers.length);
    expect(stored?.reps).toBe(answers.length);
    expect(stored?.cards).toBe(
      new Set(answers.map((answer) => `${answer.user.id}/${answer.questionId}`)).size,
    );

    const [groups] = await selectRows<{ count: number; figures: number }>(
      database.db,
      sql`select (select count(*)::int from study_groups) as count, (select count(*)::int from score_aggregates) as figures`,
    );
    expect(groups).toEqual({ count: 3, figures: expect.any(Number) });
    expect(groups?.figures).toBeGreaterThan(0);
    await expectFiguresEqualRecount(database.db);
    await expectStreaksEqualRecount(database.db);
    const [longest] = await selectRows<{ longest: number }>(
      database.db,
      sql`select max(longest)::int as longest from streaks`,
    );
    expect(longest?.longest).toBeGreaterThan(1);
  }, 120_000);

  it("GIVEN one answer in a burst that the database refuses THEN only that one fails and its neighbours are stored", async () => {
    const [roundQuestionId] = await openRound(python);
    const answer = (member: string, questionId: string): AnswerFacts => ({
      roundQuestionId: roundQuestionId ?? 0,
      place: python,
      roundKind: "daily",
      user: { platform: "discord", id: member, displayName: member },
      questionId,
      response: { type: "choice", index: 1 },
      correct: true,
      points: 120,
      responseMs: 900,
      answeredAt: new Date(t0),
    });
    // A question id the catalogue does not know breaks the answers table's foreign key.
    const burst = [
      ...Array.from({ length: 20 }, (_, index) => answer(`ok${index}`, "q1")),
      answer("broken", "no-such-question"),
      ...Array.from({ length: 20 }, (_, index) => answer(`ok${20 + index}`, "q1")),
    ];
    const settled = await Promise.allSettled(burst.map((item) => store.answers.recordAnswer(item)));
    expect(settled.filter((outcome) => outcome.status === "rejected").length).toBe(1);
    expect(settled[20]?.status).toBe("rejected");
    const [stored] = await selectRows<{ answers: number; points: number }>(
      database.db,
      sql`select count(*)::int as answers, (select points from score_aggregates s join study_groups g on g.id = s.group_id
           where g.kind = 'workspace' and s.period_key = 'all' limit 1) as points from answers`,
    );
    expect(stored?.answers).toBe(40);
    expect(stored?.points).toBe(120);
  }, 60_000);

  it("GIVEN one member's answers on three days arriving newest first in one batch THEN the streak counts all three days", async () => {
    const ids = await openRound(python);
    const answer = (member: string, position: number, daysLater: number): AnswerFacts => ({
      roundQuestionId: ids[position] ?? 0,
      place: python,
      roundKind: "daily",
      user: { platform: "discord", id: member, displayName: member },
      questionId: questionIds[position] ?? "q1",
      response: { type: "choice", index: 1 },
      correct: true,
      points: 110,
      responseMs: 900,
      answeredAt: new Date(t0 + daysLater * day),
    });
    // The first answer of a quiet moment is written alone; with one write at a time, the three behind it
    // share the next batch.
    const serial = drizzleRoundStorage(database.db, [leaderboardAnswerHook({ defaultTimeZone: "UTC" })], {
      maxConcurrent: 1,
    });
    const opener = serial.answers.recordAnswer(answer("someone-else", 0, 0));
    const outcomes = await Promise.all(
      [answer("ada", 3, 2), answer("ada", 2, 1), answer("ada", 1, 0)].map((item) =>
        serial.answers.recordAnswer(item),
      ),
    );
    expect((await opener).ok).toBe(true);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const streaks = await selectRows<{ current: number; longest: number }>(
      database.db,
      sql`select s.current, s.longest from streaks s join users u on u.id = s.user_id where u.platform_user_id = 'ada'`,
    );
    expect(streaks.length).toBe(2);
    for (const streak of streaks) expect(streak).toEqual({ current: 3, longest: 3 });
  });

  it("GIVEN yesterday's answer committed after today's, in separate transactions THEN the streak joins both runs as a recount does", async () => {
    const ids = await openRound(python);
    const answer = (position: number, at: number): AnswerFacts => ({
      roundQuestionId: ids[position] ?? 0,
      place: python,
      roundKind: "daily",
      user: { platform: "discord", id: "ada", displayName: "ada" },
      questionId: questionIds[position] ?? "q1",
      response: { type: "choice", index: 1 },
      correct: true,
      points: 110,
      responseMs: 900,
      answeredAt: new Date(at),
    });
    const midnight = Date.parse("2026-12-31T00:00:00Z");
    // A run on the 28th and 29th; then 00:00:01 on the 31st is stored before 23:59:59 on the 30th.
    expect((await store.answers.recordAnswer(answer(0, t0))).ok).toBe(true);
    expect((await store.answers.recordAnswer(answer(1, t0 + day))).ok).toBe(true);
    expect((await store.answers.recordAnswer(answer(3, midnight + 1000))).ok).toBe(true);
    expect((await store.answers.recordAnswer(answer(2, midnight - 1000))).ok).toBe(true);
    const streaks = await selectRows<{ current: number; longest: number }>(
      database.db,
      sql`select s.current, s.longest from streaks s join users u on u.id = s.user_id where u.platform_user_id = 'ada'`,
    );
    expect(streaks.length).toBe(2);
    for (const streak of streaks) expect(streak).toEqual({ current: 4, longest: 4 });
    await expectStreaksEqualRecount(database.db);
  });

  it("GIVEN answers to a question that closed THEN every delivery, duplicates included, is refused as closed", async () => {
    const [roundQuestionId] = await openRound(python);
    await store.lifecycle.closeQuestion(roundQuestionId ?? 0, new Date(t0));
    const late: AnswerFacts = {
      roundQuestionId: roundQuestionId ?? 0,
      user: { platform: "discord", id: "late", displayName: "late" },
      questionId: "q1",
      response: { type: "choice", index: 1 },
      correct: true,
      points: 120,
      responseMs: 900,
      answeredAt: new Date(t0 + 1000),
    };
    const outcomes = await Promise.all([late, late, late].map((item) => store.answers.recordAnswer(item)));
    expect(outcomes).toEqual([
      { ok: false, error: "question_closed" },
      { ok: false, error: "question_closed" },
      { ok: false, error: "question_closed" },
    ]);
  });
});
