import type { FormEvent } from "../../domain/ports/chat-platform.js";
import type { CodeReviewer } from "../../domain/ports/code-reviewer.js";
import type { CodeRunner } from "../../domain/ports/code-runner.js";
import type { SnippetRunStore } from "../../domain/ports/snippet-run-store.js";
import type { ChallengeOutcome } from "../../domain/ports/views/snippets.js";
import { parseCodeFormId } from "../rounds/round-actions.js";
import type { RoundEngine } from "../rounds/round-engine.js";
import { cutText } from "../snippets/cut-text.js";
import { neutraliseForChat } from "../snippets/neutralise-for-chat.js";
import { wellFormedCode } from "../snippets/well-formed-code.js";
import { neutraliseStrings } from "./explore-handlers.js";
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
    const roundQuestionId = parseCodeFormId(parts);
    const found =
      roundQuestionId === undefined ? undefined : await deps.engine.roundQuestion(roundQuestionId);
    if (found?.question.kind !== "challenge" || !samePlace(found.round.place, event.place)) {
      await event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
      return;
    }
    const { record, round, question } = found;
    // Checked before running as well as by the engine afterwards: a closed question needs no sandbox.
    if (round.status !== "open" || record.openedAt === null || record.closedAt !== null) {
      await event.reply.private({ kind: "notice", notice: { code: "question_closed" } });
      return;
    }
    // Well formed, so the code graded, stored with the run and recorded as the answer is one text.
    const code = wellFormedCode(event.fields.code ?? "")
      .replace(/^```[a-z0-9]*\n?/i, "")
      .replace(/\n?```\s*$/, "");
    if (code.trim() === "") {
      await event.reply.private({
        kind: "snippet_refused",
        refusal: { code: "no_code", from: "form" },
        submission: true,
      });
      return;
    }
    if (!deps.runner || deps.runner.backend === "off") {
      await event.reply.private({
        kind: "snippet_refused",
        refusal: { code: "runner_off" },
        submission: true,
      });
      return;
    }
    await event.reply.defer({ private: true });
    // Reviewed while it is graded. Code Python cannot parse is not run and not recorded, like a run that
    // could not happen: the member sees the syntax error under a caret and can submit again.
    const stop = new AbortController();
    const reviewing = reviewAlongside(deps.reviewer, code).then((review) => {
      if (review?.status === "syntax_error") stop.abort();
      return review;
    });
    const [raw, { result, report, explored }] = await Promise.all([
      reviewing,
      gradeChallenge(deps.runner, question, code, {
        nonce: nonce(),
        queueKey: `${event.user.platform}:${event.user.id}`,
        signal: stop.signal,
      }),
    ]);
    const review = reviewSection(raw);
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
    if (refusal) {
      await event.reply.private({ kind: "snippet_refused", refusal, submission: true });
      return;
    }
    const checksTotal = question.checks.length;
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
      target: found,
      place: event.place,
      user: event.user,
      response: {
        type: "code",
        code,
        checksPassed,
        checksTotal,
        ...(explored?.type === "race" ? { raced: true } : {}),
      },
      given: "code",
      receivedAt: event.receivedAt,
    });
    const outcome: ChallengeOutcome =
      answered.type === "recorded"
        ? { type: "recorded", correct: answered.correct, points: answered.points }
        : { type: "refused", reason: answered.reason };
    await event.reply.private({
      kind: "challenge_result",
      position: record.position,
      ...runSummary(result),
      checks: (report?.checks ?? []).map((check) => ({
        name: check.name,
        passed: check.passed,
        ...(check.error !== undefined ? { error: shortError(check.error) } : {}),
      })),
      checksTotal,
      ...(report?.loadError !== undefined ? { loadError: shortError(report.loadError) } : {}),
      noReport: report === undefined,
      outcome,
      ...(review ? { review } : {}),
      ...(explored?.type === "race"
        ? {
            race: neutraliseStrings({
              verdict: explored.race.verdict,
              tried: explored.race.tried,
              replay: explored.race.replay,
            }),
          }
        : {}),
    });
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

function shortError(text: string): string {
  const safe = neutraliseForChat(text);
  return safe.length > maxErrorChars ? `${cutText(safe, maxErrorChars)}…` : safe;
}

function samePlace(a: { platform: string; workspaceId: string; channelId: string }, b: typeof a): boolean {
  return a.platform === b.platform && a.workspaceId === b.workspaceId && a.channelId === b.channelId;
}
