import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { Question } from "../../src/domain/questions/question.js";
import { loadPacks } from "../../src/packs/load-packs.js";
import { packJsonSchema, packJsonSchemaText } from "../../src/packs/pack-json-schema.js";
import { writeTempFiles } from "./temp-packs.js";

const fixtures = "test/packs/fixtures/import";

async function quizbot(args: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await runCli(args, {
    env: { LOG_LEVEL: "silent", ...env },
    stdout,
    stderr,
    stdin: new PassThrough(),
  });
  return { code, out, err };
}

/** A packs folder holding a copy of nothing but an empty place to import into. */
async function emptyPacksDir(): Promise<string> {
  const root = await writeTempFiles({ "README.txt": "scratch\n" });
  return root;
}

async function filesUnder(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).map(String).sort();
}

function withoutPack(questions: readonly Question[]): Omit<Question, "packId">[] {
  return questions.map(({ packId: _packId, ...rest }) => rest);
}

describe("GIVEN the JSON Schema generated from the zod schema", () => {
  it("THEN quizzes/pack.schema.json is exactly what `quizbot pack schema` writes", async () => {
    expect(await readFile("quizzes/pack.schema.json", "utf8")).toBe(packJsonSchemaText());
    const { code, out } = await quizbot(["pack", "schema", "--check"]);
    expect(out).toContain("is current");
    expect(code).toBe(0);
  });

  it("WHEN the file on disk is stale THEN --check says so and exits 1, and a plain run rewrites it", async () => {
    const root = await writeTempFiles({ "pack.schema.json": "{}\n" });
    const stale = await quizbot(["pack", "schema", "--check"], { QUIZ_PACKS_DIR: root });
    expect(stale.code).toBe(1);
    expect(stale.out).toContain("differs from the zod schema");
    expect((await quizbot(["pack", "schema"], { QUIZ_PACKS_DIR: root })).code).toBe(0);
    expect(await readFile(path.join(root, "pack.schema.json"), "utf8")).toBe(packJsonSchemaText());
  });

  it("THEN every shipped pack file names it on its first line, for yaml-language-server", async () => {
    const folder = "quizzes/python-concurrency";
    const names = (await readdir(folder)).filter((name) => name.endsWith(".yaml"));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const [first] = (await readFile(path.join(folder, name), "utf8")).split("\n");
      expect(first, name).toBe("# yaml-language-server: $schema=../pack.schema.json");
    }
  });

  it("THEN each question kind is its own variant, whose keys are exactly the ones the loader takes", async () => {
    const schema = packJsonSchema() as {
      anyOf: { properties: Record<string, { items?: { anyOf: unknown[] } }> }[];
    };
    const topic = schema.anyOf.find((variant) => "questions" in variant.properties);
    type Variant = {
      properties: Record<string, { const?: string }>;
      required: string[];
      additionalProperties: boolean;
    };
    const variants = (topic?.properties.questions?.items?.anyOf ?? []) as Variant[];
    const variantOf = (entry: Record<string, unknown>) =>
      variants.find(
        (variant) =>
          variant.properties.kind?.const === entry.kind &&
          (variant.properties.ask === undefined || variant.properties.ask.const === entry.ask),
      );
    expect(variants).toHaveLength(7);
    expect(variants.every((variant) => variant.additionalProperties === false)).toBe(true);
    // Every shipped question fits its variant: only known keys, every required key present.
    const folder = "quizzes/python-concurrency";
    const { parse: parseYaml } = await import("yaml");
    let checked = 0;
    for (const name of (await readdir(folder)).filter((n) => n.endsWith(".yaml") && n !== "pack.yaml")) {
      const data = parseYaml(await readFile(path.join(folder, name), "utf8")) as {
        questions: Record<string, unknown>[];
      };
      for (const entry of data.questions) {
        const variant = variantOf(entry);
        expect(variant, `${name} ${String(entry.id)}`).toBeDefined();
        expect(Object.keys(entry).filter((key) => !(key in (variant?.properties ?? {})))).toEqual([]);
        expect((variant?.required ?? []).filter((key) => !(key in entry))).toEqual([]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(180);
    // And a typo'd key is outside every variant, as the loader says too.
    expect(variantOf({ kind: "choice" })?.properties).not.toHaveProperty("answers");
  });
});

describe("GIVEN a Red-DiscordBot trivia list", () => {
  it("WHEN imported THEN it becomes a valid pack of text questions with ids, author and description", async () => {
    const packsDir = await emptyPacksDir();
    const { code, out } = await quizbot(
      ["pack", "import", `${fixtures}/concurrency-trivia.yaml`, "--difficulty", "2"],
      {
        QUIZ_PACKS_DIR: packsDir,
      },
    );
    expect(out).toContain("6 question(s) imported into pack concurrency-trivia (6 new id(s))");
    expect(code).toBe(0);
    const loaded = await loadPacks(path.join(packsDir, "concurrency-trivia"));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const [pack] = loaded.value;
    expect(pack?.author).toBe("quizbot contributors");
    expect(pack?.description).toContain("Red-DiscordBot trivia list");
    expect(pack?.questions.map((question) => question.kind)).toEqual(Array(6).fill("text"));
    const byPrompt = new Map(pack?.questions.map((question) => [question.prompt, question]));
    // YAML reads `- 1` as a number; Red compares text, and so does the imported question.
    expect(
      byPrompt.get(
        "How many threads of one CPython 3.11 process can run Python bytecode at the same moment?",
      ),
    ).toMatchObject({
      accepted: ["1", "one"],
      difficulty: 2,
      tags: ["concurrency-trivia"],
    });
    // Answers that differ only in case are one answer here, as in Red.
    expect(byPrompt.get("What does GIL stand for?")).toMatchObject({
      accepted: ["Global Interpreter Lock", "global interpreter lock"],
    });
    const topic = await readFile(
      path.join(packsDir, "concurrency-trivia", "concurrency-trivia.yaml"),
      "utf8",
    );
    expect(topic.split("\n")[0]).toBe("# yaml-language-server: $schema=../pack.schema.json");
  });

  it("WHEN entries are broken THEN every one is reported as file:line, and nothing is written", async () => {
    const packsDir = await emptyPacksDir();
    const { code, out } = await quizbot(["pack", "import", `${fixtures}/broken-trivia.yaml`], {
      QUIZ_PACKS_DIR: packsDir,
    });
    const file = `${fixtures}/broken-trivia.yaml`;
    expect(out.split("\n").filter((line) => line.startsWith(file))).toEqual([
      `${file}:4: question "What does a missing list do?" needs a list of answers (- answer)`,
      `${file}:5: question "Which call starts a thread?" needs a list of answers (- answer)`,
      `${file}:6: a question must be text (put it in quotes)`,
      `${file}:9: an answer of "Which are the answers?" must be text, not a list or mapping`,
    ]);
    expect(out).toContain("nothing written");
    expect(code).toBe(1);
    expect(await filesUnder(packsDir)).toEqual(["README.txt"]);
  });
});

describe("GIVEN a teacher's CSV", () => {
  it("WHEN imported THEN letters, yes/no, bars and a multi-line cell become a valid pack", async () => {
    const packsDir = await emptyPacksDir();
    const { code } = await quizbot(
      ["pack", "import", `${fixtures}/teacher-questions.csv`, "--pack", "teacher"],
      {
        QUIZ_PACKS_DIR: packsDir,
      },
    );
    expect(code).toBe(0);
    const loaded = await loadPacks(path.join(packsDir, "teacher"));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const questions = loaded.value[0]?.questions ?? [];
    expect(questions.map((question) => question.kind)).toEqual(["choice", "multi", "truefalse", "text"]);
    expect(questions[0]).toMatchObject({ correct: 0, difficulty: 1, tags: ["io-bound", "threading"] });
    expect(questions[1]).toMatchObject({ correct: [0, 2], difficulty: 2 });
    expect(questions[1]?.explanation).toBe(
      "Blocking I/O and sleeping release the GIL;\npure-Python computation holds it.",
    );
    expect(questions[2]).toMatchObject({ answer: false, tags: ["threading"] });
    expect(questions[3]).toMatchObject({ accepted: ["task_done", "task_done()"] });
    expect(new Set(questions.map((question) => question.id)).size).toBe(4);
  });

  it("WHEN rows are broken THEN every problem is listed with its row's line, all at once, and nothing is written", async () => {
    const packsDir = await emptyPacksDir();
    const { code, out } = await quizbot(["pack", "import", `${fixtures}/broken-questions.csv`], {
      QUIZ_PACKS_DIR: packsDir,
    });
    const file = `${fixtures}/broken-questions.csv`;
    const lines = out.split("\n").filter((line) => line.startsWith(file));
    expect(lines).toEqual([
      `${file}:2: question which-is-right-1: answer index 2 is out of range (2 choices)`,
      `${file}:3: difficulty "4" is not 1, 2, 3, easy, medium or hard`,
      `${file}:3: question pick-one-1: explanation is required`,
      `${file}:5: answer is empty`,
      `${file}:6: has 7 cells but the header names 6`,
    ]);
    expect(code).toBe(1);
    expect(await filesUnder(packsDir)).toEqual(["README.txt"]);
  });

  it("WHEN an id in the file is already taken by another pack THEN the import names where, and writes nothing", async () => {
    const packsDir = await writeTempFiles({
      "other/pack.yaml": "id: other\ntitle: O\ndescription: O.\nlanguage: en\nversion: 1.0.0\nauthor: t\n",
      "other/a.yaml": "questions:\n  - id: taken-1\n",
    });
    const csv = path.join(packsDir, "new.csv");
    await writeFile(csv, "id,prompt,answer,explanation\ntaken-1,Which?,this,Because.\n");
    const { code, out } = await quizbot(["pack", "import", csv], { QUIZ_PACKS_DIR: packsDir });
    expect(out).toContain(
      `${csv}:2: question taken-1: id is already used by ${path.join(packsDir, "other", "a.yaml")}`,
    );
    expect(code).toBe(1);
  });
});

describe("GIVEN the shipped pack exported", () => {
  it("WHEN exported as CSV and imported again THEN every question CSV can hold comes back the same", async () => {
    const packsDir = await emptyPacksDir();
    const csv = path.join(packsDir, "export.csv");
    const exported = await quizbot(["pack", "export", "python-concurrency", "--format", "csv", "--out", csv]);
    expect(exported.code).toBe(0);
    expect(exported.err).toMatch(/left out 15 challenge\(s\)/);
    const imported = await quizbot(["pack", "import", csv, "--pack", "python-concurrency"], {
      QUIZ_PACKS_DIR: packsDir,
    });
    expect(imported.out).toContain("(0 new id(s))");
    expect(imported.code).toBe(0);
    const [original, copy] = await Promise.all([
      loadPacks("quizzes/python-concurrency"),
      loadPacks(path.join(packsDir, "python-concurrency")),
    ]);
    if (!original.ok || !copy.ok) throw new Error("a pack did not load");
    const kept = original.value[0]?.questions.filter((question) => question.kind !== "challenge") ?? [];
    expect(kept.length).toBeGreaterThanOrEqual(180);
    expect(withoutPack(copy.value[0]?.questions ?? [])).toEqual(withoutPack(kept));
  });

  it("WHEN exported for Anki THEN each question is one note keyed by its id, so a re-import updates it", async () => {
    const root = await emptyPacksDir();
    const first = path.join(root, "first.tsv");
    expect(
      (await quizbot(["pack", "export", "python-concurrency", "--format", "anki-tsv", "--out", first])).code,
    ).toBe(0);
    const text = await readFile(first, "utf8");
    const headers = text.split("\n").filter((line) => line.startsWith("#"));
    expect(headers).toEqual(
      expect.arrayContaining(["#separator:tab", "#html:true", "#guid column:1", "#tags column:4"]),
    );
    // Read it back the way Anki does: tab-separated, quoted fields, the # header lines skipped.
    const notes = parse(text, { delimiter: "\t", comment: "#", relax_quotes: false }) as string[][];
    const original = await loadPacks("quizzes/python-concurrency");
    if (!original.ok) throw new Error("pack did not load");
    const questions = original.value[0]?.questions ?? [];
    expect(notes.map((note) => note[0])).toEqual(questions.map((question) => question.id));
    expect(notes.every((note) => note.length === 4)).toBe(true);
    const task = notes[questions.findIndex((question) => question.id === "queue-task-done-1")];
    if (task) expect(task[2]).toContain("task_done");
    // An edited pack exported again keeps every note's key: Anki updates those notes instead of adding copies.
    const packsDir = await writeTempFiles({});
    const copy = path.join(packsDir, "python-concurrency");
    await quizbot([
      "pack",
      "export",
      "python-concurrency",
      "--format",
      "csv",
      "--out",
      path.join(packsDir, "p.csv"),
    ]);
    await quizbot(
      ["pack", "import", path.join(packsDir, "p.csv"), "--pack", "python-concurrency", "--out", copy],
      {
        QUIZ_PACKS_DIR: packsDir,
      },
    );
    const topic = path.join(copy, "p.yaml");
    await writeFile(
      topic,
      (await readFile(topic, "utf8")).replace("What is the **GIL** in CPython?", "What is the GIL?"),
    );
    const second = await quizbot(["pack", "export", copy, "--format", "anki-tsv"]);
    const again = parse(second.out, { delimiter: "\t", comment: "#" }) as string[][];
    const edited = again.find((note) => note[0] === "gil-what-is-it");
    expect(edited?.[1]).toContain("What is the GIL?");
    expect(new Set(again.map((note) => note[0])).size).toBe(again.length);
    expect(again.every((note) => notes.some((before) => before[0] === note[0]))).toBe(true);
  });
});
