import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { checkAnswer } from "../../src/domain/questions/check-answer.js";
import { codeNamesIn } from "../../src/domain/questions/code-names.js";
import type { TextQuestion } from "../../src/domain/questions/question.js";
import { fuzzyWarnings } from "../../src/packs/fuzzy-warnings.js";
import { loadPacks } from "../../src/packs/load-packs.js";
import { testPack } from "../support/questions.js";
import { writeTempFiles } from "./temp-packs.js";

function text(
  id: string,
  accepted: string[],
  fuzzy: number | undefined,
  prompt = "Which name?",
): TextQuestion {
  return {
    id,
    packId: "test-pack",
    kind: "text",
    tags: ["testing"],
    difficulty: 1,
    prompt,
    explanation: "Because.",
    accepted,
    ...(fuzzy === undefined ? {} : { fuzzy }),
  };
}

const typed = (question: TextQuestion, reply: string) =>
  checkAnswer(question, { type: "text", text: reply }).correct;

describe("GIVEN a text question whose typo allowance reaches another real name", () => {
  it("WHEN the other name is in the Python name space THEN the validator warns, naming it", () => {
    const warnings = fuzzyWarnings([testPack([text("interval", ["sys.getswitchinterval"], 0.15)])]);
    expect(warnings).toEqual([
      {
        question: "interval",
        message: expect.stringMatching(
          /^fuzzy 0\.15 allows 3 edit\(s\) on "sys\.getswitchinterval", and "setswitchinterval" \(a Python name\) is 1 away: the grader refuses that reply/,
        ),
      },
    ]);
  });

  it("WHEN the other name is a code name in its own prompt THEN the validator warns and the grader refuses it as a typo", () => {
    const question = text(
      "items",
      ["get_item"],
      0.15,
      "A mapping class has `get_item(key)` and `get_items()`. Which returns one value?",
    );
    expect(fuzzyWarnings([testPack([question])]).map((warning) => warning.message)).toEqual([
      expect.stringContaining(`"get_items" (named in the prompt) is 1 away`),
    ]);
    // Before the prompt's names counted, "get_items" was one edit from "get_item" and passed as a typo.
    expect(typed(question, "get_items")).toBe(false);
    expect(typed(question, "get_iten")).toBe(true);
    expect(typed(question, "get_item()")).toBe(true);
  });

  it("WHEN the other name is another question's accepted answer THEN the warning says a member typing it is marked right", () => {
    const warnings = fuzzyWarnings([
      testPack([text("pool", ["worker_pool"], 0.2), text("poll", ["worker_poll"], undefined)]),
    ]);
    expect(warnings).toEqual([
      {
        question: "pool",
        message: expect.stringContaining(
          `"worker_poll" (the answer of poll) is 1 away: a member who types it is marked right`,
        ),
      },
    ]);
  });

  it("WHEN no known name is that close, or the question has no allowance THEN there is no warning", () => {
    expect(
      fuzzyWarnings([
        testPack([text("done", ["task_done"], 0.2), text("exact", ["getswitchinterval"], undefined)]),
      ]),
    ).toEqual([]);
  });

  it("THEN the prompt's code names are backticked words and code-shaped words, not plain English", () => {
    expect(
      [
        ...codeNamesIn("Call `queue.get_nowait()` or put_nowait(x); sys.exit( ends; it releases the lock"),
      ].sort(),
    ).toEqual(["exit", "get_nowait", "put_nowait", "queue.get_nowait", "sys.exit"].sort());
  });
});

describe("GIVEN the shipped pack", () => {
  it("THEN no fuzzy allowance reaches a known different name", async () => {
    const loaded = await loadPacks("quizzes");
    if (!loaded.ok) throw new Error("the shipped pack did not load");
    expect(fuzzyWarnings(loaded.value)).toEqual([]);
  });
});

describe("GIVEN quizbot validate on a pack with such a question", () => {
  it("THEN it prints the warning and still passes", async () => {
    const root = await writeTempFiles({
      "demo/pack.yaml": "id: demo\ntitle: D\ndescription: D.\nlanguage: en\nversion: 1.0.0\nauthor: t\n",
      "demo/a.yaml": [
        "questions:",
        "  - id: interval-1",
        "    kind: text",
        "    tags: [gil]",
        "    difficulty: 1",
        "    prompt: Which sys function reads the switch interval?",
        '    accepted: ["sys.getswitchinterval"]',
        "    fuzzy: 0.15",
        "    explanation: It reads it.",
        "",
      ].join("\n"),
    });
    const stdout = new PassThrough();
    let out = "";
    stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await runCli(["validate", root], {
      env: {},
      stdout,
      stderr: new PassThrough(),
      stdin: new PassThrough(),
    });
    expect(out).toContain(
      'warning: question interval-1: fuzzy 0.15 allows 3 edit(s) on "sys.getswitchinterval"',
    );
    expect(out).toContain("no problems, 1 warning");
    expect(code).toBe(0);
  });
});
