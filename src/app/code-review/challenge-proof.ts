import type { CodeRunner, RunStatus } from "../../domain/ports/code-runner.js";
import type { ChallengeQuestion } from "../../domain/questions/question.js";
import { type ChallengeRace, gradeChallenge } from "./grade-challenge.js";

/** The reference solution, or one of the pack's wrong solutions (its index in `wrong_solutions`). */
export type ProofSubject =
  | { readonly role: "reference" }
  | { readonly role: "wrong"; readonly index: number; readonly mistake: string };

/**
 * How one run of one subject ended:
 * - `passed`: the harness reported and every check passed;
 * - `failed`: the harness reported and at least one check failed (`failedChecks` names them);
 * - `raced`: every check passed, but a challenge with `explore: true` found a schedule under which one
 *   failed (`failedChecks` names them) or the threads deadlocked;
 * - `load_error`: the module did not import, so no check ran;
 * - `no_report`: the run ended without a report (timeout, crash, refusal): a member would see the
 *   sandbox's ending, not a check's message.
 */
export interface ProofRun {
  readonly outcome: "passed" | "failed" | "raced" | "load_error" | "no_report";
  readonly status: RunStatus;
  readonly failedChecks: readonly { readonly name: string; readonly error?: string }[];
  readonly wallMs: number;
}

export interface SubjectProof {
  readonly challengeId: string;
  readonly subject: ProofSubject;
  /** The interpreter it ran on, by name; absent for the runner's default. */
  readonly interpreter?: string;
  readonly runs: readonly ProofRun[];
  /** The reference passed every run; a wrong solution failed a check (with a report) or raced every run. */
  readonly proven: boolean;
}

/**
 * Grades every challenge's reference and wrong solutions `runs` times each in the sandbox, as members
 * are graded, at most `parallel` at once (the runner's concurrency: more would only queue), on each
 * of `interpreters` (names the runner offers; `undefined` is its default). What `npm test` (3 runs) and
 * `quizbot validate --deep` (20 runs) rest on.
 */
export async function proveChallenges(
  runner: CodeRunner,
  challenges: readonly ChallengeQuestion[],
  runs: number,
  parallel: number,
  interpreters: readonly (string | undefined)[] = [undefined],
): Promise<SubjectProof[]> {
  const subjects = interpreters.flatMap((interpreter) =>
    challenges.flatMap((challenge) => [
      { challenge, interpreter, subject: { role: "reference" } as ProofSubject, code: challenge.solution },
      ...(challenge.wrongSolutions ?? []).map((wrong, index) => ({
        challenge,
        interpreter,
        subject: { role: "wrong", index, mistake: wrong.mistake } as ProofSubject,
        code: wrong.code,
      })),
    ]),
  );
  const jobs = subjects.flatMap((item, subjectIndex) =>
    Array.from({ length: runs }, () => ({ ...item, subjectIndex })),
  );
  const results = await mapWithLimit(jobs, parallel, async (job): Promise<ProofRun> => {
    const { result, report, explored } = await gradeChallenge(
      runner,
      job.challenge,
      job.code,
      job.interpreter === undefined ? {} : { interpreter: job.interpreter },
    );
    if (explored?.type === "race") {
      return {
        outcome: "raced",
        status: result.status,
        failedChecks: racedChecks(explored.race),
        wallMs: result.wallMs,
      };
    }
    if (explored?.type === "refused") {
      return { outcome: "no_report", status: explored.run.status, failedChecks: [], wallMs: result.wallMs };
    }
    const failedChecks = (report?.checks ?? [])
      .filter((check) => !check.passed)
      .map((check) =>
        check.error === undefined ? { name: check.name } : { name: check.name, error: check.error },
      );
    const outcome: ProofRun["outcome"] =
      report === undefined
        ? "no_report"
        : report.loadError !== undefined
          ? "load_error"
          : failedChecks.length > 0 || report.checks.length === 0
            ? "failed"
            : "passed";
    return { outcome, status: result.status, failedChecks, wallMs: result.wallMs };
  });
  return subjects.map((item, subjectIndex) => {
    const subjectRuns = results.filter((_, jobIndex) => jobs[jobIndex]?.subjectIndex === subjectIndex);
    return {
      challengeId: item.challenge.id,
      subject: item.subject,
      ...(item.interpreter === undefined ? {} : { interpreter: item.interpreter }),
      runs: subjectRuns,
      proven: subjectRuns.length === runs && subjectRuns.every((run) => wantedOutcome(item.subject, run)),
    };
  });
}

/** What every run of a subject must end as: the reference passes, a wrong solution fails a check or races. */
export function wantedOutcome(subject: ProofSubject, run: ProofRun): boolean {
  return subject.role === "reference"
    ? run.outcome === "passed"
    : run.outcome === "failed" || run.outcome === "raced";
}

/** The checks the explored schedule failed, from the verdict lines the checks runner printed. */
function racedChecks(race: ChallengeRace): ProofRun["failedChecks"] {
  const printed = race.replay?.outcome.output ?? "";
  const failed = printed
    .split("\n")
    .filter((line) => line.startsWith("FAIL  "))
    .map((line) => {
      const [name = "", ...error] = line.slice(6).split(": ");
      return { name, error: error.join(": ") };
    });
  return failed.length > 0 || race.verdict !== "deadlock" ? failed : [{ name: "(deadlock)" }];
}

/** Maps `items` with at most `limit` calls in flight, keeping the input order in the result. */
async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
