import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { DEMO_PACK_YAML, writeTempFiles } from "./temp-packs.js";

async function runValidate(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await runCli(["validate", ...args], { env, stdout, stderr, stdin: new PassThrough() });
  return { code, out };
}

describe("GIVEN quizbot validate", () => {
  it("WHEN the packs are valid THEN it exits 0 and counts questions per kind", async () => {
    const { code, out } = await runValidate(["test/packs/fixtures/valid"]);
    expect(code).toBe(0);
    expect(out).toBe(
      "sample: 7 questions (1 choice, 1 multi, 1 truefalse, 1 text, 2 output, 1 challenge)\n\n1 pack with 7 questions, no problems\n",
    );
  });

  it("WHEN no path is given THEN it checks QUIZ_PACKS_DIR", async () => {
    const { code, out } = await runValidate([], { QUIZ_PACKS_DIR: "test/packs/fixtures/valid" });
    expect(code).toBe(0);
    expect(out).toContain("sample: 7 questions");
  });

  it("WHEN there are problems THEN it prints one per line and a summary, and exits 1", async () => {
    const root = await writeTempFiles({
      "demo/pack.yaml": DEMO_PACK_YAML,
      "demo/a.yaml": "questions:\n  - id: a-1\n    kind: truefalse\n",
      "demo/b.yaml": "questions: nope\n",
    });
    const { code, out } = await runValidate([root]);
    expect(code).toBe(1);
    expect(out.replaceAll(root, "quizzes").split("\n")).toEqual([
      "quizzes/demo/a.yaml:2:5 question a-1: tags is required",
      "quizzes/demo/a.yaml:2:5 question a-1: difficulty is required",
      "quizzes/demo/a.yaml:2:5 question a-1: prompt is required",
      "quizzes/demo/a.yaml:2:5 question a-1: explanation is required",
      "quizzes/demo/a.yaml:2:5 question a-1: answer is required",
      'quizzes/demo/b.yaml:1:12 questions must be a list (got text "nope")',
      "",
      "6 problems in 2 files",
      "",
    ]);
  });
});
