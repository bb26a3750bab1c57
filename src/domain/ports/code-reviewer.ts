/**
 * The code reviewer as the rest of the bot sees it: reads a Python snippet without running it and returns
 * concurrency findings. Implemented in src/review (Ruff's rules plus the project's own, in a worker thread).
 */
export interface ReviewFinding {
  /** `QB102`, a Ruff-backed id such as `ASYNC251`, or `syntax-error`. */
  readonly ruleId: string;
  /** Where the check comes from: Ruff (a rule it ships) or quizbot's own rules. */
  readonly source: "ruff" | "quizbot";
  /** 1-based; columns count characters of the line. */
  readonly line: number;
  readonly column: number;
  readonly title: string;
  readonly why: string;
  readonly fix: string;
  readonly docs: string;
  /** Pack tags the rule teaches. */
  readonly tags: readonly string[];
  /** A syntax error's own message and the line it is on (to draw a caret under `column`). */
  readonly message?: string;
  readonly excerpt?: string;
  /** Where the caret goes in `excerpt` (1-based; the excerpt may start part-way along a long line). */
  readonly excerptColumn?: number;
}

export type CodeReview =
  /** Parsed and checked: findings most important first (empty: nothing found). */
  | { readonly status: "reviewed"; readonly findings: readonly ReviewFinding[] }
  /** Python cannot parse it: the one finding is the syntax error, and the snippet must not run. */
  | { readonly status: "syntax_error"; readonly findings: readonly [ReviewFinding] }
  /** Too deep, too slow or too big for the reviewer's limits. */
  | { readonly status: "too_complex" }
  /** The reviewer itself could not start. */
  | { readonly status: "unavailable" };

export interface CodeReviewer {
  review(code: string): Promise<CodeReview>;
  close(): Promise<void>;
}

/**
 * The rule groups every review checks, for "No concurrency problems found" to name; their names are in the
 * platform wording (`reviewedTopicNames` in platforms/shared/wording/code-review.ts).
 */
export const reviewedTopics = [
  "shared_state",
  "threads",
  "asyncio",
  "process_pools",
  "queues",
  "futures",
  "sockets",
] as const;

export type ReviewedTopic = (typeof reviewedTopics)[number];
