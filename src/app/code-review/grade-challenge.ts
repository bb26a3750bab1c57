import { randomBytes } from "node:crypto";
import type { Exploration } from "../../domain/explore/exploration.js";
import type { CodeRunner, RunResult } from "../../domain/ports/code-runner.js";
import {
  type ChallengeReport,
  challengePassed,
  challengeProgram,
  parseChallengeReport,
} from "../../domain/questions/challenge-program.js";
import type { ChallengeQuestion } from "../../domain/questions/question.js";
import { challengeExploreTarget } from "../explore/challenge-target.js";
import { exploreCode } from "../explore/explore-code.js";

/** A schedule under which a submission that passed the checks failed one or deadlocked. */
export type ChallengeRace = Extract<Exploration, { kind: "explored" }> & {
  readonly verdict: "race" | "deadlock";
};

/** One graded attempt: the run as the sandbox ended it, and the harness's report when it wrote one. */
export interface ChallengeGrading {
  readonly result: RunResult;
  /** Undefined when the run never reported (refused, timed out, crashed, flooded its output). */
  readonly report: ChallengeReport | undefined;
  /**
   * For a challenge with `explore: true` whose checks all passed: what the explorer found when it ran
   * the checks under seeded schedules. `race` makes the attempt wrong; `refused` means the exploration
   * could not start (its queue was full, the runner stopped), so the attempt is not graded at all;
   * `clean` is every other ending (one output in every schedule, nothing to explore, or an exploration
   * that ran but brought no report, when the checks alone decide).
   */
  readonly explored?:
    | { readonly type: "race"; readonly race: ChallengeRace }
    | { readonly type: "refused"; readonly run: RunResult }
    | { readonly type: "clean"; readonly exploration: Exploration | null };
}

/** A fresh secret per run, so the member's code cannot print a verdict the harness did not write. */
export function challengeNonce(): string {
  return randomBytes(24).toString("base64url");
}

/** Whether an attempt is right: every check passed and, when explored, no schedule broke it. */
export function gradingPassed(grading: ChallengeGrading): boolean {
  return challengePassed(grading.report) && (grading.explored?.type ?? "clean") === "clean";
}

/**
 * Runs `code` against a challenge's hidden checks in the sandbox, exactly as a member's submission is
 * graded: the bot, `quizbot check` and the pack's own tests all come through here. A challenge with
 * `explore: true` whose checks passed is then explored in the runner's exploration lane.
 */
export async function gradeChallenge(
  runner: CodeRunner,
  challenge: Pick<ChallengeQuestion, "checks" | "explore">,
  code: string,
  options: {
    readonly nonce?: string;
    readonly queueKey?: string;
    readonly signal?: AbortSignal;
    readonly interpreter?: string;
  } = {},
): Promise<ChallengeGrading> {
  const nonce = options.nonce ?? challengeNonce();
  const program = challengeProgram(challenge, code, nonce);
  const result = await runner.run({
    ...program,
    ...(options.queueKey === undefined ? {} : { queueKey: options.queueKey }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.interpreter === undefined ? {} : { interpreter: options.interpreter }),
  });
  const report = parseChallengeReport(result.stdout, nonce);
  if (challenge.explore !== true || !challengePassed(report)) return { result, report };
  const explored = await exploreCode(runner, {
    target: challengeExploreTarget(challenge, code),
    ...(options.queueKey === undefined ? {} : { queueKey: `${options.queueKey}:explore` }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.interpreter === undefined ? {} : { interpreter: options.interpreter }),
  });
  const ran = explored.run.status;
  if (explored.type === "failed" && (ran === "rejected" || ran === "unavailable")) {
    return { result, report, explored: { type: "refused", run: explored.run } };
  }
  const exploration = explored.type === "explored" ? explored.exploration : null;
  if (exploration?.kind === "explored" && exploration.verdict !== "single") {
    return {
      result,
      report,
      explored: { type: "race", race: { ...exploration, verdict: exploration.verdict } },
    };
  }
  return { result, report, explored: { type: "clean", exploration } };
}
