import { beforeAll, describe, expect, it } from "vitest";
import { normaliseProgramOutput } from "../../src/domain/questions/program-output.js";
import type { OutputQuestion } from "../../src/domain/questions/question.js";
import { mapWithLimit, type PythonRun, runPython } from "./run-python.js";
import { shippedQuestionsByFile } from "./shipped-questions.js";

/** Runs per snippet: a snippet whose output depends on thread timing shows up as differing runs. */
const RUNS = 3;

const { questions, problems } = await shippedQuestionsByFile();
const snippets = questions.filter((question): question is OutputQuestion => question.kind === "output");
const runs = new Map<string, PythonRun[]>();

beforeAll(async () => {
  // Two at a time: the test machine has two cores, and snippets with threads want them.
  const jobs = snippets.flatMap((question) => Array.from({ length: RUNS }, () => question));
  const results = await mapWithLimit(jobs, 2, (question) => runPython({ code: question.code }, 10_000));
  jobs.forEach((question, index) => {
    const result = results[index];
    if (result !== undefined) runs.set(question.id, [...(runs.get(question.id) ?? []), result]);
  });
}, 300_000);

function markedAnswer(question: OutputQuestion): string {
  if (question.ask === "text") return question.expected;
  return question.options[question.correct] ?? "";
}

describe("GIVEN the shipped output questions run with python3 -I", () => {
  it("THEN every topic file loaded, so no snippet was skipped", () => {
    expect(problems).toEqual([]);
  });

  it.each(snippets.map((question) => [question.id, question] as const))(
    "%s prints the marked answer on every run",
    (_id, question) => {
      const results = runs.get(question.id) ?? [];
      expect(results).toHaveLength(RUNS);
      const [first] = results;
      expect(first?.timedOut, "the snippet timed out").toBe(false);
      expect(first?.exitCode, `the snippet failed:\n${first?.stderr}`).toBe(0);
      const outputs = results.map((result) => normaliseProgramOutput(result.stdout));
      expect(new Set(outputs).size, `runs printed different output:\n${outputs.join("\n---\n")}`).toBe(1);
      expect(outputs[0]).toBe(normaliseProgramOutput(markedAnswer(question)));
      if (question.ask === "choice") {
        const matching = question.options.filter((option) => normaliseProgramOutput(option) === outputs[0]);
        expect(matching, "exactly one option may equal the real output").toHaveLength(1);
      }
    },
  );
});
