import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotProcess, type ProcessExit, seedPgliteDataDir, writeChoicePack } from "../support/bot-process.js";
import { ackedMembers } from "../support/console-transcript.js";

/**
 * SIGTERM (what `docker stop` and systemd send) while answers are in flight: runBot's shutdown stops the
 * platforms, lets work in flight finish within SHUTDOWN_GRACE_SECONDS, closes the database and exits 0.
 */
describe("a bot process stopped with SIGTERM mid-answer", () => {
  let root: string;
  let bot: BotProcess;
  let exit: ProcessExit;
  let stored: string[];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "quizbot-sigterm-"));
    const packs = await writeChoicePack(root, 2);
    const dataDir = path.join(root, "data");
    await seedPgliteDataDir(dataDir);
    bot = BotProcess.start(["--platform", "console", "--question-seconds", "30", "--data-dir", dataDir], {
      QUIZ_PACKS_DIR: packs,
    });
    await bot.waitForOutput(/quizbot console/, { timeoutMs: 60_000 });
    bot.type("/as Alice", "/quiz start questions:1");
    await bot.waitForOutput(/Question 1 of 1/, { timeoutMs: 30_000 });
    bot.type(...["m1", "m2", "m3", "m4", "m5", "m6"].flatMap((member) => [`/as ${member}`, "B"]));
    await bot.waitForOutput(/\(only m\d sees this\) (✅|❌)/);
    bot.kill("SIGTERM");
    exit = await bot.exited;
    // Opening the data dir again only works on a cleanly closed (or recoverable) database.
    const db = new PGlite(path.join(dataDir, "pglite"));
    stored = (
      await db.query<{ name: string }>(
        "select u.display_name as name from answers a join users u on u.id = a.user_id",
      )
    ).rows.map((row) => row.name);
    await db.close();
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("GIVEN SIGTERM THEN the process exits 0 without an error", () => {
    expect(exit).toEqual({ code: 0, signal: null });
    expect(bot.stderr).not.toMatch(/error|failed/i);
  });

  it("GIVEN answers in flight at the signal THEN every acknowledged one is stored and none was told of a failure", () => {
    const acked = ackedMembers(bot.stdout);
    expect(acked.length).toBeGreaterThanOrEqual(1);
    for (const member of acked) expect(stored).toContain(member);
    expect(bot.stdout).not.toMatch(/Something went wrong|could not be saved/);
  });
});
