import type { FormEvent } from "../../domain/ports/chat-platform.js";
import type { CodeReviewer } from "../../domain/ports/code-reviewer.js";
import type { CodeRunner } from "../../domain/ports/code-runner.js";
import type { SnippetRunStore } from "../../domain/ports/snippet-run-store.js";
import type { ChallengeOutcome, SnippetRefusal } from "../../domain/ports/views/snippets.js";
import type { ChallengeQuestion } from "../../domain/questions/question.js";
import { parseCodeFormId } from "../rounds/round-actions.js";
import type { RoundEngine, RoundQuestionContext } from "../rounds/round-engine.js";
import { cutText } from "../snippets/cut-text.js";
import { wellFormedCode } from "../snippets/well-formed-code.js";
import { challengeNonce, gradeChallenge } from "./grade-challenge.js";
import { reviewAlongside, reviewOnlyView, reviewSection } from "./review-section.js";
import { runRefusal, runSummary } from "./run-views.js";
import { afterReviewedRun, type SnippetCardsDeps } from "./snippet-cards.js";

export interface ChallengeSubmissionDeps extends SnippetCardsDeps {
  readonly engine: RoundEngine;
  readonly runner: CodeRunner | undefined;
  readonly runs: SnippetRunStore;
  readonly reviewer?: CodeReviewer;
  /** A fresh secret per run, so the member's code cannot print a verdict the harness did not write. */
  readonly nonce?: () => string;
}

const maxErrorChars = 300;

/**
 * The submitted form `qc:<roundQuestionId>` of a challenge in a round: runs the member's code against the
 * hidden checks in the sandbox and hands the verdict to the round engine, which scores it. A run that
 * could not happen is never recorded: the member is told to submit again.
 */
export function challengeSubmission(deps: ChallengeSubmissionDeps) {
  const nonce = deps.nonce ?? challengeNonce;

  return async (event: FormEvent, parts: readonly string[]): Promise<void> => {
    const found = await openChallenge(deps.engine, event, parts);
    if (found.type === "refused") {
      await event.reply.private({ kind: "notice", notice: { code: found.code } });
      return;
    }
    const { target } = found;
    // Well formed, so the code graded, stored with the run and recorded as the answer is one text.
    const code = wellFormedCode(event.fields.code ?? "")
      .replace(/^```[a-z0-9]*\n?/i, "")
      .replace(/\n?```\s*$/, "");
    const refused = (refusal: SnippetRefusal) =>
      event.reply.private({ kind: "snippet_refused", refusal, submission: true });
    if (code.trim() === "") return refused({ code: "no_code", from: "form" });
    if (!deps.runner || deps.runner.backend === "off") return refused({ code: "runner_off" });
    await event.reply.defer({ private: true });
    const graded = await gradeAndReview(deps.runner, deps.reviewer, target.question, code, {
      nonce: nonce(),
      queueKey: `${event.user.platform}:${event.user.id}`,
    });
    const { raw, review, result, explored } = graded;
    // Code Python cannot parse is not run and not recorded, like a run that could not happen: the member
    // sees the syntax error under a caret and can submit again.
    if (review?.status === "syntax_error") {
      await event.reply.private({
        ...reviewOnlyView({ author: event.user, requester: event.user, code }, review, true),
        submission: true,
      });
      return;
    }
    // Code over the snippet limit (RUNNER_CODE_KB) comes back refused, not cut: grading a shortened copy
    // would score code the member never sent.
    // An exploration that could not start (its queue full) leaves the attempt ungraded, never passed.
    const refusal =
      runRefusal(result) ??
      (explored?.type === "refused"
        ? (runRefusal(explored.run) ?? { code: "unavailable" as const })
        : undefined);
    if (refusal) return refused(refusal);
    const { runId, outcome } = await recordAttempt(deps, event, target, code, graded);
    await event.reply.private(challengeResultView(target, graded, outcome));
    await afterReviewedRun(deps, {
      runId,
      review: raw,
      author: event.user,
      requester: event.user,
      code,
      at: event.receivedAt,
      reply: event.reply,
    });
  };
}

/** Stores the run with its checks and hands the verdict to the round engine, which scores it. */
async function recordAttempt(
  deps: Pick<ChallengeSubmissionDeps, "runs" | "engine">,
  event: FormEvent,
  target: ChallengeTarget,
  code: string,
  graded: Pick<Awaited<ReturnType<typeof gradeAndReview>>, "result" | "report" | "explored">,
): Promise<{ runId: number; outcome: ChallengeOutcome }> {
  const { question } = target;
  const { result, report, explored } = graded;
  const checksPassed =
    report && report.loadError === undefined ? report.checks.filter((check) => check.passed).length : 0;
  const runId = await deps.runs.save({
    place: event.place,
    author: event.user,
    code,
    questionId: question.id,
    result,
    checks: report ?? null,
  });
  const answered = await deps.engine.answer({
    target,
    place: event.place,
    user: event.user,
    response: {
      type: "code",
      code,
      checksPassed,
      checksTotal: question.checks.length,
      ...(explored?.type === "race" ? { raced: true } : {}),
    },
    given: { type: "code" },
    receivedAt: event.receivedAt,
  });
  const outcome: ChallengeOutcome =
    answered.type === "recorded"
      ? { type: "recorded", correct: answered.correct, points: answered.points }
      : { type: "refused", reason: answered.reason };
  return { runId, outcome };
}

type ChallengeTarget = RoundQuestionContext & { readonly question: ChallengeQuestion };

/**
 * The open challenge `qc:<roundQuestionId>` names in the member's channel. Checked before running as well
 * as by the engine afterwards: a closed question needs no sandbox.
 */
async function openChallenge(
  engine: RoundEngine,
  event: FormEvent,
  parts: readonly string[],
): Promise<
  { type: "open"; target: ChallengeTarget } | { type: "refused"; code: "unknown_action" | "question_closed" }
> {
  const roundQuestionId = parseCodeFormId(parts);
  const found = roundQuestionId === undefined ? undefined : await engine.roundQuestion(roundQuestionId);
  if (found?.question.kind !== "challenge" || !samePlace(found.round.place, event.place)) {
    return { type: "refused", code: "unknown_action" };
  }
  const { record, round, question } = found;
  if (round.status !== "open" || record.openedAt === null || record.closedAt !== null) {
    return { type: "refused", code: "question_closed" };
  }
  return { type: "open", target: { ...found, question } };
}

/**
 * Grades the code and reviews it at the same time; a syntax error found by the review stops the grading
 * (Python would run none of it).
 */
async function gradeAndReview(
  runner: CodeRunner,
  reviewer: CodeReviewer | undefined,
  question: ChallengeQuestion,
  code: string,
  options: { readonly nonce: string; readonly queueKey: string },
) {
  const stop = new AbortController();
  const reviewing = reviewAlongside(reviewer, code).then((review) => {
    if (review?.status === "syntax_error") stop.abort();
    return review;
  });
  const [raw, graded] = await Promise.all([
    reviewing,
    gradeChallenge(runner, question, code, { ...options, signal: stop.signal }),
  ]);
  return { ...graded, raw, review: reviewSection(raw) };
}

function challengeResultView(
  target: ChallengeTarget,
  graded: Awaited<ReturnType<typeof gradeAndReview>>,
  outcome: ChallengeOutcome,
) {
  const { result, report, explored, review } = graded;
  return {
    kind: "challenge_result" as const,
    position: target.record.position,
    ...runSummary(result),
    checks: (report?.checks ?? []).map((check) => ({
      name: check.name,
      passed: check.passed,
      ...(check.error !== undefined ? { error: shortError(check.error) } : {}),
    })),
    checksTotal: target.question.checks.length,
    ...(report?.loadError !== undefined ? { loadError: shortError(report.loadError) } : {}),
    noReport: report === undefined,
    outcome,
    ...(review ? { review } : {}),
    ...(explored?.type === "race"
      ? {
          race: {
            verdict: explored.race.verdict,
            tried: explored.race.tried,
            replay: explored.race.replay,
          },
        }
      : {}),
  };
}

function shortError(text: string): string {
  return text.length > maxErrorChars ? `${cutText(text, maxErrorChars)}…` : text;
}

function samePlace(a: { platform: string; workspaceId: string; channelId: string }, b: typeof a): boolean {
  return a.platform === b.platform && a.workspaceId === b.workspaceId && a.channelId === b.channelId;
}
