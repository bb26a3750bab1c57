import { randomBytes } from "node:crypto";
import type { CodeRunner, RunResult } from "../../domain/ports/code-runner.js";
import {
  type ChallengeReport,
  challengeProgram,
  parseChallengeReport,
} from "../../domain/questions/challenge-program.js";
import type { ChallengeQuestion } from "../../domain/questions/question.js";

/** One graded attempt: the run as the sandbox ended it, and the harness's report when it wrote one. */
export interface ChallengeGrading {
  readonly result: RunResult;
  /** Undefined when the run never reported (refused, timed out, crashed, flooded its output). */
  readonly report: ChallengeReport | undefined;
}

/** A fresh secret per run, so the member's code cannot print a verdict the harness did not write. */
export function challengeNonce(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Runs `code` against a challenge's hidden checks in the sandbox, exactly as a member's submission is
 * graded: the bot, `quizbot check` and the pack's own tests all come through here.
 */
export async function gradeChallenge(
  runner: CodeRunner,
  challenge: Pick<ChallengeQuestion, "checks">,
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
  return { result, report: parseChallengeReport(result.stdout, nonce) };
}
