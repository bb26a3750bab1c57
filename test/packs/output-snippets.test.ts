import { beforeAll, describe, expect, it } from "vitest";
import { normaliseProgramOutput } from "../../src/domain/questions/program-output.js";
import type { OutputQuestion } from "../../src/domain/questions/question.js";
import { findInterpreters, runSnippets, type SnippetRun } from "./python-interpreters.js";
import { mapWithLimit } from "./run-python.js";
import { shippedQuestionsByFile } from "./shipped-questions.js";

/**
 * Runs per snippet and interpreter: a snippet whose output depends on thread timing or hash order
 * shows up as differing runs. Every run is its own interpreter start (its own hash seed).
 */
const RUNS = 3;

const { questions, problems } = await shippedQuestionsByFile();
const snippets = questions.filter((question): question is OutputQuestion => question.kind === "output");
const { found, skipped } = await findInterpreters();
/** Interpreter label -> snippet id -> its runs. */
const runs = new Map<string, Map<string, SnippetRun[]>>();

beforeAll(async () => {
  // Which interpreters this machine could not offer, and why: a report, not a test.
  if (skipped.length > 0) console.info(`output questions not run on: ${skipped.join("; ")}`);
  // Two drivers at a time: the test machine has two cores, and snippets with threads want them.
  const jobs = found.flatMap((interpreter) => Array.from({ length: RUNS }, () => interpreter));
  const code = snippets.map((question) => ({ id: question.id, code: question.code }));
  const results = await mapWithLimit(jobs, 2, (interpreter) => runSnippets(interpreter, code));
  jobs.forEach((interpreter, index) => {
    const byId = runs.get(interpreter.label) ?? new Map<string, SnippetRun[]>();
    for (const run of results[index] ?? []) byId.set(run.id, [...(byId.get(run.id) ?? []), run]);
    runs.set(interpreter.label, byId);
  });
}, 600_000);

function markedAnswer(question: OutputQuestion): string {
  if (question.ask === "text") return question.expected;
  return question.options[question.correct] ?? "";
}

describe("GIVEN the shipped output questions", () => {
  it("THEN every topic file loaded, so no snippet was skipped", () => {
    expect(problems).toEqual([]);
  });

  it("THEN at least one CPython was found to run them on", () => {
    expect(found.map((interpreter) => interpreter.label)).not.toEqual([]);
  });
});

describe.each(found.map((interpreter) => [interpreter.label] as const))("GIVEN %s -I", (label) => {
  it.each(snippets.map((question) => [question.id, question] as const))(
    "%s prints the marked answer on every run",
    (_id, question) => {
      const results = runs.get(label)?.get(question.id) ?? [];
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
