import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, runQuizbot } from "../support/run-cli.js";

interface StoredAnswer {
  display_name: string;
  correct: boolean;
  points: number;
  position: number;
}

describe("the console platform, as a real process with piped input", () => {
  let dataDir: string;
  let run: CliRun;
  let answers: StoredAnswer[];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-console-"));
    // Only A and B: every choice, multi and true/false question has them, and a text question takes any text.
    // Bob and Alice join before the round, so each question (the first too) closes once both answered: at
    // 600 s a question, a question left to its timer would outlast the run's time limit.
    const script = [
      "/as Bob",
      "/as Alice",
      "/quiz start questions:3",
      "A",
      "/as Bob",
      "B",
      "/as Alice",
      "B",
      "/as Bob",
      "A",
      "/as Alice",
      "B",
      "/as Bob",
      "A",
      "",
    ].join("\n");
    run = await runQuizbot(
      ["start", "--platform", "console", "--question-seconds", "600", "--data-dir", dataDir],
      {
        input: script,
        timeoutMs: 90_000,
      },
    );
    const db = new PGlite(path.join(dataDir, "pglite"));
    const result = await db.query<StoredAnswer>(
      `select u.display_name, a.correct, a.points, rq.position
         from answers a join users u on u.id = a.user_id join round_questions rq on rq.id = a.round_question_id
        order by rq.position, u.display_name`,
    );
    answers = result.rows;
    await db.close();
  }, 120_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("GIVEN a script of two members who joined first THEN every question closes once both answered, and it exits cleanly at the end of input", () => {
    expect(run.stderr).not.toMatch(/error/i);
    // A first start says why it is quiet for a few seconds.
    expect(run.stderr).toContain("first start: creating the embedded database in");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Question 1 of 3");
    expect(run.stdout).toContain("Question 3 of 3");
    expect(run.stdout).toContain("Round over");
  });

  it("GIVEN the round is over THEN each member's three answers are stored once, one per question", () => {
    expect(answers).toHaveLength(6);
    expect(answers.map((answer) => `${answer.position}:${answer.display_name}`)).toEqual([
      "0:Alice",
      "0:Bob",
      "1:Alice",
      "1:Bob",
      "2:Alice",
      "2:Bob",
    ]);
  });

  it("GIVEN the stored answers THEN the printed summary shows exactly their points per member", () => {
    for (const name of ["Alice", "Bob"]) {
      const mine = answers.filter((answer) => answer.display_name === name);
      const points = mine.reduce((sum, answer) => sum + answer.points, 0);
      const correct = mine.filter((answer) => answer.correct).length;
      const row = new RegExp(`${name}\\s+${points}\\s+${correct}/3`);
      expect(run.stdout).toMatch(row);
    }
  });
});

describe("the console with one member playing alone", () => {
  it("GIVEN the starting member starts and answers THEN question 1 closes on the answer, as the others do", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-console-"));
    try {
      const run = await runQuizbot(
        ["start", "--platform", "console", "--question-seconds", "600", "--data-dir", dataDir],
        { input: ["/quiz start questions:2", "A", "B", ""].join("\n"), timeoutMs: 90_000 },
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Question 2 of 2[\s\S]*Round over/);
      expect(run.stdout.match(/Closed · 1 answered/g)).toHaveLength(2);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
