import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  challengePassed,
  challengeProgram,
  parseChallengeReport,
} from "../../src/domain/questions/challenge-program.js";
import { normaliseProgramOutput } from "../../src/domain/questions/program-output.js";
import { loadPacks } from "../../src/packs/load-packs.js";
import { formatPackProblem } from "../../src/packs/pack-problem.js";
import { runPython } from "./run-python.js";
import { DEMO_PACK_YAML, writeTempFiles } from "./temp-packs.js";

/** The example questions of docs/pack-format.md (the fenced YAML blocks that start with `- id:`). */
async function docExamples(): Promise<string[]> {
  const doc = await readFile("docs/pack-format.md", "utf8");
  return [...doc.matchAll(/```yaml\n(- id:[\s\S]*?)```/g)].map((match) => match[1] ?? "");
}

function indent(block: string): string {
  return `${block
    .trimEnd()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n")}\n`;
}

describe("GIVEN the examples in docs/pack-format.md", () => {
  it("THEN they form a valid pack with one question of every kind, whose output and solution are right", async () => {
    const examples = await docExamples();
    const topic = `questions:\n${examples.map((block) => indent(block)).join("")}`;
    const root = await writeTempFiles({ "demo/pack.yaml": DEMO_PACK_YAML, "demo/examples.yaml": topic });
    const loaded = await loadPacks(root);
    if (!loaded.ok) throw new Error(loaded.error.map(formatPackProblem).join("\n"));
    const questions = loaded.value.flatMap((pack) => pack.questions);
    expect(questions.map((question) => question.kind).sort()).toEqual([
      "challenge",
      "choice",
      "multi",
      "output",
      "text",
      "truefalse",
    ]);
    for (const question of questions) {
      if (question.kind === "output" && question.ask === "choice") {
        const run = await runPython({ code: question.code });
        expect(normaliseProgramOutput(run.stdout)).toBe(question.options[question.correct]);
      }
      if (question.kind === "challenge") {
        const nonce = "doc-example-nonce-0001";
        const run = await runPython(challengeProgram(question, question.solution, nonce));
        expect(challengePassed(parseChallengeReport(run.stdout, nonce))).toBe(true);
        expect(question.wrongSolutions?.length).toBeGreaterThanOrEqual(3);
        const wrongSolutions = question.wrongSolutions ?? [];
        const wrongRuns = await Promise.all(
          wrongSolutions.map((wrong) => runPython(challengeProgram(question, wrong.code, nonce))),
        );
        wrongRuns.forEach((wrongRun, index) => {
          const report = parseChallengeReport(wrongRun.stdout, nonce);
          expect(
            report?.checks.some((check) => !check.passed),
            wrongSolutions[index]?.mistake,
          ).toBe(true);
        });
      }
    }
  });
});
