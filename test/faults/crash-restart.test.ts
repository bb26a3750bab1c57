import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../src/storage/leaderboards/recount.js";
import { BotProcess, type ProcessExit, seedPgliteDataDir, writeChoicePack } from "../support/bot-process.js";
import { ackedMembers, type SummaryRow, summaryRows } from "../support/console-transcript.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";

interface StoredRow {
  name: string;
  points: number;
  correct: boolean;
  position: number;
}

const answersQuery = `select u.display_name as name, a.points, a.correct, rq.position
  from answers a join users u on u.id = a.user_id join round_questions rq on rq.id = a.round_question_id
  order by rq.position, u.display_name`;

/**
 * `kill -9` in the middle of a question, answers still in flight, then a fresh process on the same
 * database. PGlite runs on a data dir (one process at a time, which is all a crash and restart needs);
 * Postgres, when configured, on a private test database the processes reach through DATABASE_URL.
 */
describe.each(storageKinds)("a bot process killed with SIGKILL mid-round, on %s", (kind) => {
  let root: string;
  let database: TestDatabase | undefined;
  let crashed: BotProcess;
  let crashExit: ProcessExit;
  let restarted: BotProcess;
  let restartExit: ProcessExit;
  let stored: StoredRow[];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "quizbot-crash-"));
    const packs = await writeChoicePack(root, 4);
    if (kind === "postgres") database = await createTestDatabase("postgres");
    else await seedPgliteDataDir(path.join(root, "data"));
    const env = { QUIZ_PACKS_DIR: packs, ...(database?.url ? { DATABASE_URL: database.url } : {}) };
    const args = ["--platform", "console", "--question-seconds", "8", "--data-dir", path.join(root, "data")];

    crashed = BotProcess.start(args, env);
    await crashed.waitForOutput(/quizbot console/, { timeoutMs: 60_000 });
    crashed.type("/as Alice", "/quiz start questions:2");
    await crashed.waitForOutput(/Question 1 of 2/, { timeoutMs: 30_000 });
    // Six members answer in one burst; the kill lands as soon as the first ack is out, with the rest
    // somewhere between the pipe, the router and the database.
    crashed.type(
      ...["m1", "m2", "m3", "m4", "m5", "m6"].flatMap((member, index) => [
        `/as ${member}`,
        "ABC"[index % 3] ?? "B",
      ]),
    );
    await crashed.waitForOutput(/\(only m\d sees this\) (✅|❌)/);
    crashed.kill("SIGKILL");
    crashExit = await crashed.exited;

    // The next process resumes the round; one more member answers, then input ends and the round plays out.
    restarted = BotProcess.start(args, env);
    await restarted.waitForOutput(/quizbot console/, { timeoutMs: 60_000 });
    restarted.type("/as late", "B");
    restarted.endInput();
    restartExit = await restarted.exited;

    if (database) stored = await selectRows<StoredRow>(database.db, sql.raw(answersQuery));
    else {
      const db = new PGlite(path.join(root, "data", "pglite"));
      stored = (await db.query<StoredRow>(answersQuery)).rows;
      await db.close();
    }
  }, 170_000);

  afterAll(async () => {
    await database?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("GIVEN the kill THEN the first process died by SIGKILL and never printed a summary", () => {
    expect(crashExit.signal).toBe("SIGKILL");
    expect(crashed.stdout).not.toContain("Round over");
  });

  it("GIVEN answers acknowledged before the kill THEN every one is stored, and none twice", () => {
    const acked = [...ackedMembers(crashed.stdout), ...ackedMembers(restarted.stdout)];
    expect(acked.length).toBeGreaterThanOrEqual(1);
    const names = stored.map((row) => `${row.position}:${row.name}`);
    expect(new Set(names).size).toBe(names.length);
    const storedNames = stored.map((row) => row.name);
    for (const member of acked) expect(storedNames).toContain(member);
  });

  it("GIVEN the restart THEN the round resumes and closes with a summary whose figures equal the stored rows", () => {
    expect(restartExit.code).toBe(0);
    expect(restarted.stderr).not.toMatch(/error/i);
    expect(restarted.stdout).toContain("Round over");
    const expected = new Map<string, SummaryRow>();
    for (const row of stored) {
      const sum = expected.get(row.name) ?? { name: row.name, points: 0, correct: 0, answered: 0 };
      expected.set(row.name, {
        name: row.name,
        points: sum.points + row.points,
        correct: sum.correct + (row.correct ? 1 : 0),
        answered: sum.answered + 1,
      });
    }
    const byName = (a: SummaryRow, b: SummaryRow) => a.name.localeCompare(b.name);
    expect(summaryRows(restarted.stdout).sort(byName)).toEqual([...expected.values()].sort(byName));
  });
});
