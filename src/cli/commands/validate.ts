import type { Pack, QuestionKind } from "../../domain/questions/question.js";
import { fuzzyWarnings } from "../../packs/fuzzy-warnings.js";
import { loadPacks } from "../../packs/load-packs.js";
import { formatPackProblem } from "../../packs/pack-problem.js";
import { type CliCommand, UsageError } from "../command.js";
import { DEEP_RUNS, deepCheck } from "./deep-check.js";

const KIND_ORDER: readonly QuestionKind[] = ["choice", "multi", "truefalse", "text", "output", "challenge"];

/**
 * `quizbot validate [PATH...]`: checks quiz packs the way the bot loads them and prints every problem
 * as `file:line:col question id: rule`, one per line, for editors and CI logs to link.
 */
export const validateCommand: CliCommand = {
  name: "validate",
  summary: "Check quiz packs (folders of packs, pack folders or single YAML files) and list every problem",
  usage: "[--deep [--runs N] [--python NAMES|all]] [PATH...]   (default: QUIZ_PACKS_DIR, else ./quizzes)",
  help: {
    deep: `also grade every challenge's reference and wrong solutions in the sandbox, ${DEEP_RUNS} runs each`,
    runs: `runs per solution with --deep (default ${DEEP_RUNS})`,
    python:
      "with --deep, also prove on these interpreters (comma-separated names, or all); default: RUNNER_PYTHON only",
  },
  options: { deep: { type: "boolean" }, runs: { type: "string" }, python: { type: "string" } },
  allowPositionals: true,
  async run(context) {
    const runs = parseRuns(context.values.runs);
    const paths =
      context.positionals.length > 0
        ? context.positionals
        : [context.env.QUIZ_PACKS_DIR?.trim() || "./quizzes"];
    const loaded = await loadPacks(paths);
    if (!loaded.ok) {
      for (const problem of loaded.error) context.stdout.write(`${formatPackProblem(problem)}\n`);
      const files = new Set(loaded.error.map((problem) => problem.file)).size;
      context.stdout.write(`\n${plural(loaded.error.length, "problem")} in ${plural(files, "file")}\n`);
      return 1;
    }
    for (const pack of loaded.value) context.stdout.write(`${pack.id}: ${describePack(pack)}\n`);
    const warnings = fuzzyWarnings(loaded.value);
    for (const warning of warnings) {
      context.stdout.write(`warning: question ${warning.question}: ${warning.message}\n`);
    }
    const questions = loaded.value.reduce((sum, pack) => sum + pack.questions.length, 0);
    context.stdout.write(
      `\n${plural(loaded.value.length, "pack")} with ${plural(questions, "question")}, no problems${warnings.length > 0 ? `, ${plural(warnings.length, "warning")}` : ""}\n`,
    );
    if (context.values.deep !== true) return 0;
    const python = typeof context.values.python === "string" ? context.values.python : undefined;
    return (await deepCheck(context, loaded.value, runs, python)) ? 0 : 1;
  },
};

function parseRuns(value: unknown): number {
  if (value === undefined) return DEEP_RUNS;
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1 || runs > 1000)
    throw new UsageError("--runs expects a whole number from 1 to 1000");
  return runs;
}

function describePack(pack: Pack): string {
  const counts = new Map<QuestionKind, number>();
  for (const question of pack.questions) counts.set(question.kind, (counts.get(question.kind) ?? 0) + 1);
  const kinds = KIND_ORDER.filter((kind) => counts.has(kind)).map((kind) => `${counts.get(kind)} ${kind}`);
  return `${plural(pack.questions.length, "question")} (${kinds.join(", ")})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
