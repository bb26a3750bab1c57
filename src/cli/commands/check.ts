import { readFile } from "node:fs/promises";
import {
  type ChallengeGrading,
  gradeChallenge,
  gradingPassed,
} from "../../app/code-review/grade-challenge.js";
import { loadConfig } from "../../config.js";
import type { ChallengeQuestion } from "../../domain/questions/question.js";
import { loadPacks } from "../../packs/load-packs.js";
import { formatPackProblem } from "../../packs/pack-problem.js";
import { challengeRaceLines } from "../../platforms/shared/wording/explore-story.js";
import { codeRunnerOptionsFrom, createCodeRunner } from "../../runner/index.js";
import type { CliCommand, CliContext } from "../command.js";

/**
 * `quizbot check CHALLENGE-ID FILE`: grades a file against a challenge's hidden checks exactly as the bot
 * grades a member's submission (same harness, sandbox and RUNNER_* limits), and prints every check's
 * verdict. The tool a pack author uses to try a wrong solution. Exit 0: every check passed; 1: one
 * failed (or the run ended without a report); 2: bad input (unknown id, unreadable file, broken packs).
 */
export const checkCommand: CliCommand = {
  name: "check",
  summary:
    "Grade a Python file against a challenge's checks as the bot would, and print each check's verdict",
  usage: "[--packs PATH] CHALLENGE-ID FILE|-",
  help: { packs: "where the packs are (default: QUIZ_PACKS_DIR, else ./quizzes)" },
  options: { packs: { type: "string" } },
  allowPositionals: true,
  async run(context) {
    const [id, source, ...extra] = context.positionals;
    if (id === undefined || source === undefined || extra.length > 0) {
      return fail(context, "expected a challenge id and one FILE (or - for stdin)");
    }
    const packsPath =
      (typeof context.values.packs === "string" ? context.values.packs : undefined) ??
      (context.env.QUIZ_PACKS_DIR?.trim() || "./quizzes");
    const loaded = await loadPacks(packsPath);
    if (!loaded.ok) {
      for (const problem of loaded.error) context.stderr.write(`${formatPackProblem(problem)}\n`);
      return fail(context, `the packs in ${packsPath} have problems; run quizbot validate`);
    }
    const questions = loaded.value.flatMap((pack) => pack.questions);
    const challenge = questions.find(
      (question): question is ChallengeQuestion => question.kind === "challenge" && question.id === id,
    );
    if (!challenge) {
      const known = questions.filter((question) => question.kind === "challenge").map((q) => q.id);
      const what = questions.some((question) => question.id === id) ? "is not a challenge" : "is unknown";
      return fail(context, `${id} ${what}; challenges: ${known.join(", ") || "none"}`);
    }
    let code: string;
    try {
      code = source === "-" ? await readAll(context.stdin) : await readFile(source, "utf8");
    } catch (error) {
      return fail(
        context,
        `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    const runner = await createCodeRunner({
      ...codeRunnerOptionsFrom(loadConfig(context.env).env),
      warmPool: 0,
    });
    try {
      const grading = await gradeChallenge(runner, challenge, code);
      context.stdout.write(describeGrading(challenge, grading));
      return passedAll(challenge, grading) ? 0 : 1;
    } finally {
      await runner.close();
    }
  },
};

function fail(context: CliContext, message: string): number {
  context.stderr.write(`quizbot check: ${message}\n`);
  return 2;
}

function passedAll(challenge: ChallengeQuestion, grading: ChallengeGrading): boolean {
  const report = grading.report;
  return (
    gradingPassed(grading) &&
    report !== undefined &&
    report.loadError === undefined &&
    report.checks.length === challenge.checks.length &&
    report.checks.every((check) => check.passed)
  );
}

/** The verdict as a member would read it, plus what only an author needs (the run's ending). */
export function describeGrading(challenge: ChallengeQuestion, grading: ChallengeGrading): string {
  const { result, report, explored } = grading;
  const total = challenge.checks.length;
  const ending = `${result.backend}, ${result.status}, ${Math.round(result.wallMs)} ms`;
  if (report === undefined) {
    const detail = result.reason ? ` ${JSON.stringify(result.reason)}` : "";
    const stderr = result.stderr.trim().split("\n").slice(-5).join("\n");
    return `${challenge.id}: no report (${ending})${detail}: the run ended before the checks reported, so a member sees the sandbox's ending, not a check's message\n${stderr ? `${stderr}\n` : ""}`;
  }
  if (report.loadError !== undefined) {
    return `${challenge.id}: solution.py did not load, no check ran (${ending})\n  ${report.loadError}\n`;
  }
  const passed = report.checks.filter((check) => check.passed).length;
  const lines = report.checks.map((check) =>
    check.passed
      ? `  pass  ${check.name}`
      : `  FAIL  ${check.name}${check.error === undefined ? "" : `\n        ${check.error}`}`,
  );
  if (explored?.type === "refused") {
    lines.push(
      `  not graded: the exploration this challenge asks for could not run (${explored.run.status}${explored.run.reason ? ` ${JSON.stringify(explored.run.reason)}` : ""})`,
    );
  }
  if (explored?.type === "race") lines.push(...challengeRaceLines(explored.race).map((line) => `  ${line}`));
  return `${challenge.id}: ${passed} of ${total} ${total === 1 ? "check" : "checks"} passed (${ending})\n${lines.join("\n")}\n`;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}
