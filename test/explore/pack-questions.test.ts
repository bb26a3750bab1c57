import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Question } from "../../src/domain/questions/question.js";
import { loadPacks } from "../../src/packs/load-packs.js";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import { explore, explored, startExploreRunner } from "./explore-runner.js";

// The interleavings questions of the shipped pack: each program in a prompt is explored, and what the
// explorer finds (the set of outputs, or the schedule it shrinks a break to) must be the marked answer.
// Seeds are fixed, so 150 schedules find the same outputs on every run.

const file = "quizzes/python-concurrency/interleavings.yaml";
const runs = 150;

let runner: StartedCodeRunner;
let questions: Question[] = [];
beforeAll(async () => {
  runner = await startExploreRunner("pack-questions");
  const loaded = await loadPacks(file);
  if (!loaded.ok) throw new Error(`${file} has problems: ${JSON.stringify(loaded.error)}`);
  questions = loaded.value.flatMap((pack) => pack.questions);
});
afterAll(async () => {
  await runner?.close();
});

function programOf(question: Question): string {
  const match = /```python\n([\s\S]*?)```/.exec(question.prompt);
  if (!match?.[1]) throw new Error(`${question.id}: no python block in the prompt`);
  return match[1];
}

type Report = ReturnType<typeof explored>;

function outputs(report: Report): string[] {
  for (const outcome of report.outcomes) expect(outcome).toMatchObject({ status: "ok", error: "" });
  return report.outcomes.map((outcome) => outcome.output.trimEnd()).sort();
}

function marked(question: Question): string[] {
  if (question.kind === "choice") return [question.options[question.correct] ?? ""];
  if (question.kind === "multi") return question.correct.map((index) => question.options[index] ?? "");
  throw new Error(`${question.id}: a ${question.kind} question has no marked options`);
}

/** "How many distinct values can this print?": the marked number is the count of outputs found. */
function distinctCount(question: Question, report: Report): void {
  expect(outputs(report)).toHaveLength(Number(marked(question)[0]));
}

/** "Which lines can this print?": the marked options are exactly the outputs found. */
function possibleOutputs(question: Question, report: Report): void {
  expect(outputs(report)).toEqual([...marked(question)].sort());
}

/**
 * "Which schedule breaks this?": the marked option names, in backticks, the statement after which the
 * first thread is switched out and the one it has not reached yet; the shrunk breaking schedule must
 * switch a worker out in that window.
 */
function breakingSchedule(question: Question, report: Report, code: string): void {
  const [after, before] = [...(marked(question)[0] ?? "").matchAll(/`([^`]+)`/g)].map((m) =>
    (m[1] ?? "").replace(/\s*\.\.\.$/, ""),
  );
  const lines = code.split("\n");
  const lineOf = (fragment: string | undefined) =>
    1 + lines.findIndex((line) => fragment !== undefined && line.trim().startsWith(fragment));
  const [from, to] = [lineOf(after), lineOf(before)];
  expect(from).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(from);
  const replay = report.replay;
  if (!replay) throw new Error(`${question.id}: a race comes with a replay`);
  const pause = replay.story.find((step) => step.kind === "switch" && step.from.startsWith("Thread-"));
  expect(pause?.kind === "switch" ? pause.at?.line : undefined).toSatisfy(
    (line: number | undefined) => line !== undefined && line > from && line <= to,
  );
  expect(report.outcomes.find((outcome) => !outcome.baseline)?.output).toBe(replay.outcome.output);
}

const verifiers: Record<string, (question: Question, report: Report, code: string) => void> = {
  "il-add-and-double-outputs": distinctCount,
  "il-withdraw-outputs": possibleOutputs,
  "il-cache-breaking-schedule": breakingSchedule,
  "il-asyncio-resume-totals": possibleOutputs,
};

describe(`GIVEN the questions of ${file}`, () => {
  it("THEN there are at least 4 and each has an explorer check", () => {
    expect(questions.length).toBeGreaterThanOrEqual(4);
    expect(questions.map((question) => question.id).sort()).toEqual(Object.keys(verifiers).sort());
  });

  it.each(Object.keys(verifiers))(
    "THEN the explorer's findings for %s match its answer key",
    async (id) => {
      const question = questions.find((entry) => entry.id === id);
      if (!question) throw new Error(`${id} is not in ${file}`);
      const code = programOf(question);
      const report = explored(await explore(runner, code, { runs }));
      expect(report.verdict).toBe("race");
      expect(report.partial).toBe(false);
      verifiers[id]?.(question, report, code);
    },
    600_000,
  );
});
