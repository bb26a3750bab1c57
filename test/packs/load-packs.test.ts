import { describe, expect, it } from "vitest";
import type { Pack } from "../../src/domain/questions/question.js";
import { loadPacks } from "../../src/packs/load-packs.js";
import { formatPackProblem } from "../../src/packs/pack-problem.js";
import { DEMO_PACK_YAML, writeTempFiles } from "./temp-packs.js";

const FIXTURES = "test/packs/fixtures/valid";

async function loadOk(paths: string | string[]): Promise<Pack[]> {
  const loaded = await loadPacks(paths);
  if (!loaded.ok) throw new Error(loaded.error.map(formatPackProblem).join("\n"));
  return loaded.value;
}

describe("GIVEN a folder of valid packs", () => {
  it("THEN each pack comes back with its metadata and settings", async () => {
    const [pack, ...others] = await loadOk(FIXTURES);
    expect(others).toEqual([]);
    expect(pack).toMatchObject({
      id: "sample",
      title: "Sample pack",
      language: "en",
      version: "0.1.0",
      author: "quizbot tests",
      settings: { secondsPerQuestion: 20 },
    });
  });

  it("THEN questions keep file order within a file and files go in name order", async () => {
    const [pack] = await loadOk(FIXTURES);
    expect(pack?.questions.map((question) => question.id)).toEqual([
      "sample-choice",
      "sample-multi",
      "sample-truefalse",
      "sample-text",
      "sample-output-choice",
      "sample-output-text",
      "sample-challenge",
    ]);
  });

  it("THEN YAML keys become the domain's fields and absent optional fields stay absent", async () => {
    const [pack] = await loadOk(FIXTURES);
    const byId = new Map(pack?.questions.map((question) => [question.id, question]));
    expect(byId.get("sample-choice")).toEqual({
      id: "sample-choice",
      packId: "sample",
      kind: "choice",
      tags: ["basics"],
      difficulty: 1,
      prompt: "Which tool suits waiting on many sockets?",
      options: ["a thread pool", "a tight loop", "a bigger CPU"],
      correct: 0,
      keepOrder: false,
      explanation: "Waiting is I/O-bound, so threads overlap the waits.",
      reference: "https://docs.python.org/3/library/concurrent.futures.html",
      seconds: 45,
    });
    expect(byId.get("sample-multi")).toMatchObject({ correct: [0, 2], keepOrder: true });
    expect(byId.get("sample-multi")).not.toHaveProperty("reference");
    expect(byId.get("sample-multi")).not.toHaveProperty("seconds");
    expect(byId.get("sample-truefalse")).toMatchObject({ kind: "truefalse", answer: false });
    expect(byId.get("sample-text")).toMatchObject({ accepted: ["task_done", "task_done()"], fuzzy: 0.2 });
  });

  it("THEN output questions get the default prompt unless they have their own", async () => {
    const [pack] = await loadOk(FIXTURES);
    const byId = new Map(pack?.questions.map((question) => [question.id, question]));
    expect(byId.get("sample-output-choice")).toMatchObject({
      kind: "output",
      ask: "choice",
      prompt: "What does this print?",
      code: "print(*sorted([3, 1, 2]))\n",
      options: ["1 2 3", "3 1 2"],
      correct: 0,
      keepOrder: false,
    });
    expect(byId.get("sample-output-text")).toMatchObject({
      ask: "text",
      prompt: "What does this print, line by line?",
      expected: "A\nB",
    });
  });

  it("THEN a challenge keeps its starter, checks and solution", async () => {
    const [pack] = await loadOk(FIXTURES);
    const challenge = pack?.questions.find((question) => question.kind === "challenge");
    expect(challenge).toMatchObject({
      starter: expect.stringContaining("pool.___("),
      checks: [
        { name: "keeps order", code: expect.stringContaining("[6, 2, 4]") },
        { name: "handles an empty list", code: expect.stringContaining("double_all([])") },
      ],
      solution: expect.stringContaining("pool.map("),
    });
  });
});

describe("GIVEN other ways to name packs", () => {
  it("WHEN the path is one pack folder THEN that pack loads", async () => {
    const packs = await loadOk(`${FIXTURES}/sample`);
    expect(packs.map((pack) => pack.id)).toEqual(["sample"]);
  });

  it("WHEN the path is one topic file THEN only its questions load, with the pack's metadata", async () => {
    const [pack] = await loadOk(`${FIXTURES}/sample/more.yaml`);
    expect(pack?.id).toBe("sample");
    expect(pack?.questions).toHaveLength(4);
  });

  it("WHEN the same pack is named twice THEN it loads once", async () => {
    const packs = await loadOk([`${FIXTURES}/sample`, `${FIXTURES}/sample/basics.yaml`, FIXTURES]);
    expect(packs.map((pack) => pack.id)).toEqual(["sample"]);
  });

  it("WHEN pack.yaml has no defaults THEN questions default to 30 seconds", async () => {
    const root = await writeTempFiles({
      "demo/pack.yaml": DEMO_PACK_YAML.replace(/defaults:\n {2}seconds: 30\n/, ""),
      "demo/q.yaml":
        "questions:\n  - {id: q-1, kind: truefalse, tags: [gil], difficulty: 1, prompt: P, answer: true, explanation: E}\n",
    });
    const [pack] = await loadOk(root);
    expect(pack?.settings.secondsPerQuestion).toBe(30);
  });

  it("WHEN a path does not exist THEN that is a problem, not an exception", async () => {
    const loaded = await loadPacks("test/packs/fixtures/no-such-folder");
    expect(loaded.ok ? [] : loaded.error.map(formatPackProblem)).toEqual([
      "test/packs/fixtures/no-such-folder: not found",
    ]);
  });
});
