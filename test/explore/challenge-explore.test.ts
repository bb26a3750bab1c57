import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeChallenge, gradingPassed } from "../../src/app/code-review/grade-challenge.js";
import { type Bot, createBot } from "../../src/bot.js";
import { describeGrading } from "../../src/cli/commands/check.js";
import type { ChallengeResultView, QuestionView } from "../../src/domain/ports/views/index.js";
import { challengePassed } from "../../src/domain/questions/challenge-program.js";
import type { ChallengeQuestion, Pack } from "../../src/domain/questions/question.js";
import { loadPacks } from "../../src/packs/load-packs.js";
import { present } from "../../src/platforms/shared/present.js";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import { answers, users } from "../../src/storage/schema/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform, fullCapabilities } from "../support/fake-platform.js";
import { eventually, ManualTime } from "../support/manual-time.js";
import { silentLogger } from "../support/silent-logger.js";
import { startExploreRunner } from "./explore-runner.js";

// A challenge with `explore: true`: the unlocked Tally passes both checks when they simply run (CPython
// 3.10+ does not switch threads between the read and the store), and the explorer finds the schedule
// that loses a count, so the submission is graded wrong with that schedule told.

const challengeId = "challenge-tally-lock";
const start = new Date("2026-05-04T12:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);

let runner: StartedCodeRunner;
let packs: Pack[];
let challenge: ChallengeQuestion;
let unlocked: string;

beforeAll(async () => {
  runner = await startExploreRunner("challenge-explore");
  const loaded = await loadPacks("quizzes");
  if (!loaded.ok) throw new Error("the shipped packs do not load");
  packs = loaded.value;
  const found = packs.flatMap((pack) => pack.questions).find((question) => question.id === challengeId);
  if (found?.kind !== "challenge") throw new Error(`${challengeId} is not a shipped challenge`);
  challenge = found;
  unlocked = challenge.wrongSolutions?.[0]?.code ?? "";
  expect(unlocked).not.toContain("Lock");
});

afterAll(async () => {
  await runner?.close();
});

describe("GIVEN a challenge that declares explore: true", { timeout: 300_000 }, () => {
  it("THEN the unlocked solution passes the checks alone but is graded wrong, with the schedule that loses a count", async () => {
    expect(challenge.explore).toBe(true);
    const plain = await gradeChallenge(runner, { ...challenge, explore: false }, unlocked);
    expect(challengePassed(plain.report)).toBe(true);
    expect(plain.explored).toBeUndefined();

    const grading = await gradeChallenge(runner, challenge, unlocked);
    expect(challengePassed(grading.report)).toBe(true);
    expect(gradingPassed(grading)).toBe(false);
    if (grading.explored?.type !== "race")
      throw new Error(`expected a race, got ${JSON.stringify(grading.explored)}`);
    const replay = grading.explored.race.replay;
    expect(replay?.outcome.output).toMatch(
      /^FAIL {2}counts every add from three threads: AssertionError: counted \d+ of 45 adds$/m,
    );
    // The story switches inside the member's solution.py, never in the checks runner.
    expect(replay?.story).toContainEqual(
      expect.objectContaining({
        kind: "switch",
        at: expect.objectContaining({
          file: "solution.py",
          code: "self.counts[name] = self.counts.get(name, 0) + 1",
        }),
      }),
    );
    const text = describeGrading(challenge, grading);
    expect(text).toContain("2 of 2 checks passed");
    expect(text).toContain("the interleaving explorer found a schedule");
  });

  it("THEN the reference solution explores to one output and passes", async () => {
    const grading = await gradeChallenge(runner, challenge, challenge.solution);
    expect(gradingPassed(grading)).toBe(true);
    expect(grading.explored).toMatchObject({
      type: "clean",
      exploration: { kind: "explored", verdict: "single" },
    });
  });

  it("THEN in a round the racy submission is recorded incorrect and the member reads the schedule", async () => {
    const database: TestDatabase = await createTestDatabase();
    const time = new ManualTime(start);
    const platform = new FakePlatform();
    const bot: Bot = createBot({
      database,
      platforms: [platform],
      packs,
      logger: silentLogger(),
      runner,
      clock: time,
      timers: time,
      rounds: { sweepMs: 600_000 },
    });
    await bot.start();
    try {
      const alice = platform.member("alice", { displayName: "Alice" });
      const bob = platform.member("bob", { displayName: "Bob" });
      await platform.command(alice, "quiz", "start", { topic: challengeId, questions: 1 }, at(0));
      await eventually(() => expect(platform.views("question", "post")).toHaveLength(1));
      const [question] = platform.views("question", "post") as QuestionView[];
      const formId = `qc:${question?.roundQuestionId}`;
      await platform.submit(alice, formId, { code: challenge.solution }, at(20_000));
      await platform.submit(bob, formId, { code: unlocked }, at(30_000));

      const result = (id: string) =>
        platform.privateTo(id).find((view): view is ChallengeResultView => view.kind === "challenge_result");
      expect(result("alice")?.outcome).toMatchObject({ type: "recorded", correct: true });
      expect(result("alice")?.race).toBeUndefined();
      const bobs = result("bob");
      expect(bobs?.checks.every((check) => check.passed)).toBe(true);
      expect(bobs?.outcome).toEqual({ type: "recorded", correct: false, points: 0 });
      expect(bobs?.race?.verdict).toBe("race");
      const text = JSON.stringify(present(bobs as ChallengeResultView, fullCapabilities));
      expect(text).toContain("the interleaving explorer found a schedule");
      expect(text).toContain("paused before line 6");
      expect(text).toContain("Recorded as incorrect");

      const stored = await database.db
        .select({ name: users.displayName, correct: answers.correct })
        .from(answers)
        .innerJoin(users, eq(users.id, answers.userId))
        .orderBy(users.displayName);
      expect(stored).toEqual([
        { name: "Alice", correct: true },
        { name: "Bob", correct: false },
      ]);
    } finally {
      await bot.stop();
      await database.close();
    }
  });
});
