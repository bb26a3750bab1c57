import type { Replay } from "../../explore/exploration.js";
import type { ReviewedTopic } from "../code-reviewer.js";
import type { LeftOutFile, OutputFile, RunBackendName, RunStatus } from "../code-runner.js";

/**
 * Views of sandboxed snippet runs and challenge submissions. Their texts (code, output, check errors,
 * names) are as the member and the sandbox gave them; the platforms neutralise them as they present them
 * (`platforms/shared/neutralise-for-chat.ts`), so they cannot close a code fence or ping anyone.
 */
export interface SnippetOutput {
  /** The first lines, numbered from 1, within the inline budget. */
  readonly lines: readonly { readonly number: number; readonly text: string }[];
  readonly totalLines: number;
  /** Lines or characters were left out of `lines`. */
  readonly shortened: boolean;
  /** The runner stopped keeping output at its limit. */
  readonly capped: boolean;
}

export interface RunSummary {
  readonly status: RunStatus;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly wallMs: number;
  readonly backend: RunBackendName;
  /** The interpreter that ran it, when the runner offers several (`3.12`, `pyodide`). */
  readonly interpreter?: string;
}

export interface SnippetRunView extends RunSummary {
  readonly kind: "snippet_run";
  readonly runId: number;
  /** Whose code it is. */
  readonly authorName: string;
  readonly requestedBy: string;
  readonly rerun: boolean;
  readonly code: string;
  readonly stdout: SnippetOutput;
  readonly stderr: SnippetOutput;
  /** Everything the run printed, when more than fits inline: sent as a file. */
  readonly fullOutput?: string;
  /** The files the snippet wrote under ./output/, sent with the result. */
  readonly files?: readonly OutputFile[];
  /** Files under ./output/ that were not sent, with why. */
  readonly filesLeftOut?: readonly LeftOutFile[];
  readonly againActionId: string;
  readonly determinismActionId: string;
  /** "Compare interpreters": present when the runner offers more than one. */
  readonly compareActionId?: string;
  /** The concurrency review of the code, made while it ran. */
  readonly review?: ReviewSection;
  /** "Add to my reviews": present when the findings name pack tags. */
  readonly cardsActionId?: string;
}

/** One interpreter's run in a comparison. */
export interface InterpreterRunRow {
  readonly name: string;
  readonly version: string;
  readonly freeThreaded: boolean;
  /** Pyodide: no threads or processes. */
  readonly wasm: boolean;
  readonly run: RunSummary;
  readonly cpuMs: number | null;
  /** Why it did not run at all (Pyodide refusing threads, say); its output then counts as nothing. */
  readonly refusal?: SnippetRefusal;
  /** Same status and output as the first row (the reference). */
  readonly same: boolean;
  readonly firstDifference: {
    readonly stream: "stdout" | "stderr";
    readonly line: number;
    readonly reference: string | null;
    readonly other: string | null;
  } | null;
}

/** A snippet run on every interpreter the runner offers, side by side. */
export interface SnippetComparisonView {
  readonly kind: "snippet_comparison";
  readonly runId: number;
  readonly authorName: string;
  readonly requestedBy: string;
  readonly rows: readonly InterpreterRunRow[];
  /** The reference's output, shown once. */
  readonly output: SnippetOutput;
  readonly againActionId: string;
  readonly determinismActionId: string;
  readonly compareActionId: string;
  /** "Explore interleavings": only under code that uses threading, concurrent.futures or asyncio. */
  readonly exploreActionId?: string;
}

export interface SnippetDeterminismView {
  readonly kind: "snippet_determinism";
  readonly runId: number;
  readonly authorName: string;
  readonly requestedBy: string;
  readonly runs: readonly RunSummary[];
  readonly differed: boolean;
  /** 1-based runs whose status or output differ from run 1. */
  readonly differingRuns: readonly number[];
  readonly firstDifference: {
    readonly run: number;
    readonly stream: "stdout" | "stderr";
    readonly line: number;
    /** null where that run has no such line. */
    readonly first: string | null;
    readonly other: string | null;
  } | null;
  readonly againActionId: string;
  readonly determinismActionId: string;
  readonly exploreActionId?: string;
}

export type ChallengeOutcome =
  | { readonly type: "recorded"; readonly correct: boolean; readonly points: number }
  | { readonly type: "refused"; readonly reason: "already_answered" | "question_closed" | "unknown_action" };

export interface ChallengeResultView extends RunSummary {
  readonly kind: "challenge_result";
  readonly position: number;
  /** Check names and verdicts; the checks' code stays hidden. */
  readonly checks: readonly { readonly name: string; readonly passed: boolean; readonly error?: string }[];
  readonly checksTotal: number;
  /** Why the member's module did not import; no check ran then. */
  readonly loadError?: string;
  /** The harness sent no verdict (the code crashed the interpreter, timed out or flooded the output). */
  readonly noReport: boolean;
  readonly outcome: ChallengeOutcome;
  /** The concurrency review of the member's code, made while it was graded. */
  readonly review?: ReviewSection;
  /** A challenge with `explore: true` that passed its checks: the schedule under which it broke. */
  readonly race?: {
    readonly verdict: "race" | "deadlock";
    readonly tried: number;
    readonly replay: Replay | null;
  };
}

/** Why nothing ran, or why a button or form was not believed. */
export type SnippetRefusal =
  | { readonly code: "no_code"; readonly from: "command" | "message" | "form" }
  | { readonly code: "code_too_large"; readonly limitBytes: number }
  | { readonly code: "input_too_large"; readonly limitBytes: number }
  | { readonly code: "queue_full"; readonly ahead: number }
  | { readonly code: "already_queued" }
  | { readonly code: "runner_off" }
  | { readonly code: "unavailable" }
  /** Every runner service this bot sends runs to is down or draining (RUNNER_URL). */
  | { readonly code: "runner_busy" }
  | { readonly code: "needs_native_runner"; readonly feature: "threads" | "processes" | "subprocess" }
  | { readonly code: "unknown_run" }
  | { readonly code: "unknown_interpreter"; readonly name: string; readonly offered: readonly string[] };

export interface SnippetRefusedView {
  readonly kind: "snippet_refused";
  readonly refusal: SnippetRefusal;
  /** A challenge submission that could not be graded: it was not recorded as an answer. */
  readonly submission: boolean;
}

/** One finding as shown under a run: the rule's words come from the review rules (src/review). */
export interface ReviewFindingView {
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
  readonly title: string;
  readonly why: string;
  readonly fix: string;
  readonly docs: string;
  /** A syntax error's own message, and its line with the caret's column in it. */
  readonly message?: string;
  readonly excerpt?: string;
  readonly excerptColumn?: number;
}

/** The Review section under a run, a challenge result or a review-only reply. */
export type ReviewSection =
  /** Up to 5 findings, most important first; `total` counts all of them. */
  | { readonly status: "findings"; readonly findings: readonly ReviewFindingView[]; readonly total: number }
  /** Nothing found; `checked` names the groups of rules that looked. */
  | { readonly status: "clean"; readonly checked: readonly ReviewedTopic[] }
  /** Python cannot parse the code: one finding, and the code was not run. */
  | {
      readonly status: "syntax_error";
      readonly findings: readonly ReviewFindingView[];
      readonly total: number;
    }
  | { readonly status: "too_complex" }
  | { readonly status: "unavailable" };

/** "Review only" (`/check`): the review of code that was not run. */
export interface SnippetReviewView {
  readonly kind: "snippet_review";
  readonly authorName: string;
  readonly requestedBy: string;
  readonly code: string;
  readonly review: ReviewSection;
  /** The code was sent to be run, but Python cannot parse it, so it was not. */
  readonly notRun: boolean;
  /** A challenge submission that was not run: not graded, not recorded, and it can be sent again. */
  readonly submission?: boolean;
}

/** What adding review cards on a snippet's findings did, told to the member privately. */
export interface SnippetCardsView {
  readonly kind: "snippet_cards";
  readonly outcome: "added" | "already_added" | "none_unseen";
  /** Cards added (0 unless `added`). */
  readonly count: number;
  /** The pack tags the cards teach (`added`) or that were asked for, most important first. */
  readonly tags: readonly string[];
  /** The author's cards, added without asking: the note says how to turn them off. */
  readonly automatic: boolean;
}

/** `/timeit`: Python's timeit report for a statement, or how far it got. */
export interface SnippetTimingView {
  readonly kind: "snippet_timing";
  readonly authorName: string;
  readonly statement: string;
  /** The setup code, when there was any besides `pass`. */
  readonly setup: string | null;
  /** The interpreter that timed it (`3.12`). */
  readonly interpreter?: string;
  readonly outcome:
    | { readonly kind: "timed"; readonly report: string }
    | {
        readonly kind: "unfinished";
        readonly loops: number | null;
        readonly seconds: number | null;
        readonly wallMs: number;
      }
    /** The statement or setup raised: the last line of its traceback (or the run's status). */
    | { readonly kind: "failed"; readonly error: string };
  /** "Compare interpreters": the same timing on every interpreter; present when there are two or more. */
  readonly compareActionId?: string;
}

/** What one timing came to: the report, how far autorange got by the wall limit, or why it failed. */
export type TimingOutcome = SnippetTimingView["outcome"];

/** One interpreter's timing in a comparison. */
export interface InterpreterTimingRow {
  readonly name: string;
  readonly version: string;
  readonly freeThreaded: boolean;
  /** Pyodide: no threads or processes. */
  readonly wasm: boolean;
  readonly outcome: TimingOutcome;
  /** Seconds per loop from the report, for a timed row. */
  readonly secondsPerLoop: number | null;
  /** This row's time per loop over the fastest row's (1 for the fastest); null for rows not timed. */
  readonly relative: number | null;
}

/** A `/timeit` statement timed on every interpreter the runner offers. */
export interface SnippetTimingComparisonView {
  readonly kind: "snippet_timing_comparison";
  readonly authorName: string;
  readonly requestedBy: string;
  readonly statement: string;
  readonly setup: string | null;
  readonly rows: readonly InterpreterTimingRow[];
  /** Time it on every interpreter again: timings on a shared machine vary from run to run. */
  readonly compareActionId: string;
}
