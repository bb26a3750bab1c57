import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { Place } from "../../src/domain/ports/chat-platform.js";
import { loadPacks } from "../../src/packs/load-packs.js";
import { judgeQuestion } from "../../src/packs/tools/pack-stats.js";
import { openStorage } from "../../src/storage/database.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { drizzleRoundStorage } from "../../src/storage/rounds/index.js";
import { pgliteTemplatePath } from "../support/paths.js";

const place: Place = { platform: "console", workspaceId: "local", channelId: "stats" };
const t0 = new Date("2026-11-02T10:00:00Z");

async function quizbot(args: string[]) {
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const io = { env: { LOG_LEVEL: "silent" }, stdout, stderr: new PassThrough(), stdin: new PassThrough() };
  const code = await runCli(args, io);
  return { code, out };
}

let dataDir: string;
const pack = "test/packs/fixtures/valid/sample";

/**
 * The embedded database the bot itself would use (DATA_DIR/pglite, migrated by openStorage), holding
 * one round of the fixture pack's first three questions: 10 members answer the first (all right), the
 * second (2 of 10 right) and the third (7 of 10 right); nobody answers the rest.
 */
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-stats-"));
  const loaded = await loadPacks(pack);
  if (!loaded.ok) throw new Error("fixture pack did not load");
  // The migrated template the other tests clone, unpacked where the bot keeps its embedded database:
  // creating and migrating one from nothing costs tens of seconds on a busy machine.
  const template = new Blob([await readFile(pgliteTemplatePath())]);
  await (await PGlite.create({ dataDir: path.join(dataDir, "pglite"), loadDataDir: template })).close();
  const database = await openStorage({ databaseUrl: undefined, dataDir, poolSize: 1 });
  try {
    await syncPacks(database.db, loaded.value);
    const [easy, hard, good] = loaded.value[0]?.questions ?? [];
    if (!easy || !hard || !good) throw new Error("the fixture pack needs three questions");
    const store = drizzleRoundStorage(database.db);
    const created = await store.rounds.createRound({
      place,
      kind: "round",
      mode: "everyone",
      startedBy: null,
      packId: easy.packId,
      topic: null,
      secondsPerQuestion: 20,
      seed: 1,
      questions: [easy, hard, good].map((question) => ({ questionId: question.id, optionOrder: null })),
    });
    if (!created.ok) throw new Error("round not created");
    const rightCounts = [10, 2, 7];
    for (const [position, question] of [easy, hard, good].entries()) {
      const opened = await store.lifecycle.openQuestion(
        created.value.id,
        position,
        t0,
        new Date(t0.getTime() + 20_000),
      );
      for (let member = 0; member < 10; member += 1) {
        await store.answers.recordAnswer({
          roundQuestionId: opened?.question.id ?? -1,
          user: { platform: "console", id: `m${member}`, displayName: `M${member}` },
          questionId: question.id,
          response: { type: "text", text: "x" },
          correct: member < (rightCounts[position] ?? 0),
          points: 0,
          responseMs: 1000 * (member + 1),
          answeredAt: new Date(t0.getTime() + 1000 * (member + 1)),
        });
      }
    }
  } finally {
    await database.close();
  }
}, 120_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("GIVEN quizbot pack stats", () => {
  it("WHEN a real embedded database holds answers THEN each answered question shows its count, % correct and median, flagged far from 70 %", async () => {
    const { code, out } = await quizbot(["pack", "stats", pack, "--data-dir", dataDir, "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      database: string;
      answers: { questionId: string; answers: number; correct: number; medianMs: number; verdict: string }[];
    };
    expect(report.database).toBe("embedded");
    expect(
      report.answers.map(({ answers, correct, medianMs, verdict }) => ({
        answers,
        correct,
        medianMs,
        verdict,
      })),
    ).toEqual(
      expect.arrayContaining([
        { answers: 10, correct: 10, medianMs: 5500, verdict: "too easy" },
        { answers: 10, correct: 2, medianMs: 5500, verdict: "too hard" },
        { answers: 10, correct: 7, medianMs: 5500, verdict: "good" },
      ]),
    );
    expect(report.answers).toHaveLength(3);
    const text = await quizbot(["pack", "stats", pack, "--data-dir", dataDir]);
    expect(text.out).toMatch(/ 10 answers 100 % correct {2}median 5\.5 s {2}<- too easy/);
    expect(text.out).toMatch(/ 10 answers {2}20 % correct {2}median 5\.5 s {2}<- too hard/);
    expect(text.out).toMatch(/ 10 answers {2}70 % correct {2}median 5\.5 s\n/);
  });

  it("WHEN there is no database THEN it still counts by kind, tag and difficulty, and says why there are no answer figures", async () => {
    const { code, out } = await quizbot(["pack", "stats", pack, "--data-dir", path.join(dataDir, "none")]);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^sample: \d+ questions\n {2}by kind: {7}.+\n {2}by difficulty: 1 \d+, 2 \d+, 3 \d+\n {2}by tag: {8}/,
    );
    expect(out).toContain("no database");
  });

  it("THEN the ~70 % rule judges only with enough answers", () => {
    expect(judgeQuestion(0, 0)).toBe("unanswered");
    expect(judgeQuestion(4, 4)).toBe("too few answers");
    expect(judgeQuestion(5, 5)).toBe("too easy");
    expect(judgeQuestion(10, 9)).toBe("good");
    expect(judgeQuestion(10, 5)).toBe("good");
    expect(judgeQuestion(10, 4)).toBe("too hard");
  });
});
