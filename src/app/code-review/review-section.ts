import type { ChatUser } from "../../domain/ports/chat-platform.js";
import {
  type CodeReview,
  type CodeReviewer,
  type ReviewFinding,
  reviewedTopics,
} from "../../domain/ports/code-reviewer.js";
import type {
  ReviewFindingView,
  ReviewSection,
  SnippetReviewView,
} from "../../domain/ports/views/snippets.js";

/** Findings shown under a run; the rest are counted. */
export const shownFindings = 5;

/**
 * Starts the review of `code`, to run alongside the snippet. Never rejects: a reviewer that fails leaves
 * the section "unavailable", and the run is shown all the same. Undefined: this bot has no reviewer.
 */
export function reviewAlongside(
  reviewer: CodeReviewer | undefined,
  code: string,
): Promise<CodeReview | undefined> {
  if (!reviewer) return Promise.resolve(undefined);
  return reviewer.review(code).catch((): CodeReview => ({ status: "unavailable" }));
}

export function reviewSection(review: CodeReview): ReviewSection;
export function reviewSection(review: CodeReview | undefined): ReviewSection | undefined;
export function reviewSection(review: CodeReview | undefined): ReviewSection | undefined {
  switch (review?.status) {
    case undefined:
      return undefined;
    case "too_complex":
    case "unavailable":
      return { status: review.status };
    case "syntax_error":
      return { status: "syntax_error", findings: review.findings.map(findingView), total: 1 };
    case "reviewed":
      if (review.findings.length === 0) return { status: "clean", checked: reviewedTopics };
      return {
        status: "findings",
        findings: review.findings.slice(0, shownFindings).map(findingView),
        total: review.findings.length,
      };
  }
}

function findingView(finding: ReviewFinding): ReviewFindingView {
  return {
    ruleId: finding.ruleId,
    line: finding.line,
    column: finding.column,
    title: finding.title,
    why: finding.why,
    fix: finding.fix,
    docs: finding.docs,
    // The message and the line come from the member's code: the platforms neutralise them with the rest.
    ...(finding.message !== undefined ? { message: finding.message } : {}),
    ...(finding.excerpt !== undefined ? { excerpt: finding.excerpt } : {}),
    ...(finding.excerptColumn !== undefined ? { excerptColumn: finding.excerptColumn } : {}),
  };
}

/** "Review only" (`/check`), or code sent to run that Python cannot parse (`notRun`). */
export function reviewOnlyView(
  input: { readonly author: ChatUser; readonly requester: ChatUser; readonly code: string },
  review: ReviewSection,
  notRun: boolean,
): SnippetReviewView {
  return {
    kind: "snippet_review",
    authorName: input.author.displayName,
    requestedBy: input.requester.displayName,
    code: input.code,
    review,
    notRun,
  };
}
