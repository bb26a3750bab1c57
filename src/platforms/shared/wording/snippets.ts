import type { LeftOutFile } from "../../../domain/ports/code-runner.js";
import type {
  ChallengeResultView,
  RunSummary,
  SnippetDeterminismView,
  SnippetOutput,
  SnippetRefusal,
  SnippetRefusedView,
  SnippetRunView,
} from "../../../domain/ports/views/snippets.js";
import type { Block, Button, RichMessage, Tone } from "../rich-message.js";

import { reviewBlocks } from "./code-review.js";
import { codeSpan } from "./code-span.js";
import { count, wholeOf } from "./count.js";
import { challengeRaceLines } from "./explore-story.js";
import { memberName } from "./member-name.js";

/** The shown code stays short: the point of the reply is the output, and the author's message has the rest. */
const codeLines = 25;
const codeChars = 1000;

export function presentSnippetRun(view: SnippetRunView): RichMessage {
  const status = statusText(view);
  const by = view.requestedBy === view.authorName ? "" : `, run by ${memberName(view.requestedBy)}`;
  const blocks: Block[] = [
    {
      type: "text",
      markdown: `**${capitalise(status)}** · ${duration(view.wallMs)} · ${view.backend}${view.interpreter && view.backend !== "pyodide" ? ` · Python ${view.interpreter}` : ""}${by}`,
    },
    { type: "code", language: "python", code: shortCode(view.code) },
  ];
  blocks.push(...outputBlocks("Output", view.stdout, view.stderr.totalLines === 0 ? "No output." : ""));
  if (view.stderr.totalLines > 0) blocks.push(...outputBlocks("stderr", view.stderr, ""));
  if (view.fullOutput !== undefined) {
    blocks.push({ type: "text", markdown: "The full output is attached as `output.txt`." });
  }
  blocks.push(...fileBlocks(view));
  if (view.stdout.capped || view.stderr.capped) {
    blocks.push({
      type: "text",
      markdown: "The program printed more than the runner keeps; the rest was cut.",
    });
  }
  blocks.push(...reviewBlocks(view.review));
  return {
    title: `${view.rerun ? "Run again" : "Run"}: snippet by ${memberName(view.authorName)}`,
    tone: toneOf(view.status),
    blocks,
    buttons: [
      runButtons(view),
      ...(view.cardsActionId !== undefined
        ? [[{ actionId: view.cardsActionId, label: "Add to my reviews", style: "primary" as const }]]
        : []),
    ],
    ...(view.fullOutput !== undefined
      ? { attachment: { filename: "output.txt", content: view.fullOutput } }
      : {}),
    ...(view.files?.length
      ? { files: view.files.map((file) => ({ name: file.name, data: file.data })) }
      : {}),
    fallback: `Snippet by ${memberName(view.authorName)}: ${status}`,
  };
}

const leftOutReasons: Readonly<Record<LeftOutFile["reason"], string>> = {
  kind: "not a plain file",
  count: "past 8 files",
  size: "past 1 MiB in all",
  type: "not PNG, JPEG, SVG or text",
  name: "not a plain file name",
};

/** The files from ./output/ that go with the result, and those that did not, with why. */
function fileBlocks(view: SnippetRunView): Block[] {
  const blocks: Block[] = [];
  if (view.files?.length) {
    const names = view.files.map((file) => `${codeSpan(file.name)} (${size(file.data.byteLength)})`);
    blocks.push({ type: "text", markdown: `**Files from ./output/:** ${names.join(", ")}` });
  }
  if (view.filesLeftOut?.length) {
    const names = view.filesLeftOut.map((file) => `${codeSpan(file.name)} (${leftOutReasons[file.reason]})`);
    blocks.push({ type: "text", markdown: `Not sent: ${names.join(", ")}.` });
  }
  return blocks;
}

export function presentDeterminism(view: SnippetDeterminismView): RichMessage {
  const count = view.runs.length;
  const blocks: Block[] = [];
  if (!view.differed) {
    blocks.push({
      type: "text",
      markdown: `**Same output in all ${runCount(count)}.** Nothing here depends on timing, at least this time.`,
    });
  } else {
    const runs = view.differingRuns.map(String).join(", ");
    blocks.push({
      type: "text",
      markdown: `**The output differs between runs:** run${view.differingRuns.length === 1 ? "" : "s"} ${runs} ${view.differingRuns.length === 1 ? "differs" : "differ"} from run 1. Output that changes from run to run usually means a race between threads, or ordering by hash or id.`,
    });
    const difference = view.firstDifference;
    if (difference) {
      blocks.push({
        type: "text",
        markdown: `First difference: ${difference.stream} line ${difference.line}, run 1 against run ${difference.run}.`,
      });
      blocks.push({
        type: "code",
        language: "",
        code: `run 1: ${difference.first ?? "(no such line)"}\nrun ${difference.run}: ${difference.other ?? "(no such line)"}`,
      });
    } else {
      blocks.push({ type: "text", markdown: "The output is the same; the runs ended differently." });
    }
  }
  blocks.push({
    type: "table",
    columns: ["Run", "Result", "Time"],
    numeric: [0, 2],
    rows: view.runs.map((run, index) => [String(index + 1), statusText(run), duration(run.wallMs)]),
  });
  return {
    title: `Determinism check: snippet by ${memberName(view.authorName)}`,
    tone: view.differed ? "warning" : "success",
    blocks,
    buttons: [runButtons(view)],
    footer: `${runCount(count)}, requested by ${memberName(view.requestedBy)}`,
    fallback: view.differed
      ? `Snippet by ${memberName(view.authorName)}: output differs between runs`
      : `Snippet by ${memberName(view.authorName)}: same output in all ${runCount(count)}`,
  };
}

export function presentChallengeResult(view: ChallengeResultView): RichMessage {
  const blocks: Block[] = [];
  const passed = view.checks.filter((check) => check.passed).length;
  if (view.loadError !== undefined) {
    blocks.push({ type: "text", markdown: `Your code did not load, so no check ran:` });
    blocks.push({ type: "code", language: "", code: view.loadError });
  } else if (view.noReport) {
    blocks.push({
      type: "text",
      markdown: `The checks gave no verdict: the run ${statusText(view)}.`,
    });
  }
  if (view.checks.length > 0) {
    blocks.push({
      type: "text",
      markdown: view.checks
        .map(
          (check) =>
            `${check.passed ? "✅" : "❌"} ${check.name}${!check.passed && check.error ? `: ${codeSpan(check.error)}` : ""}`,
        )
        .join("\n"),
    });
  }
  if (view.race) blocks.push({ type: "text", markdown: challengeRaceLines(view.race).join("\n") });
  blocks.push({ type: "text", markdown: outcomeText(view, passed) });
  blocks.push(...reviewBlocks(view.review));
  return {
    title: `Challenge ${view.position + 1}: ${passed} of ${checks(view.checksTotal)} passed`,
    tone: view.outcome.type === "recorded" ? (view.outcome.correct ? "success" : "warning") : "info",
    blocks,
    footer: `${capitalise(statusText(view))} · ${duration(view.wallMs)} · ${view.backend}`,
    fallback: `Challenge ${view.position + 1}: ${passed} of ${checks(view.checksTotal)} passed`,
  };
}

export function presentSnippetRefusal(view: SnippetRefusedView): RichMessage {
  const { text, tone } = refusalText(view.refusal);
  const full = view.submission
    ? `${text} Your submission was not recorded as an answer; submit it again.`
    : text;
  return { tone, blocks: [{ type: "text", markdown: full }], fallback: full };
}

function refusalText(refusal: SnippetRefusal): { text: string; tone: Tone } {
  switch (refusal.code) {
    case "no_code":
      return {
        text:
          refusal.from === "message"
            ? "That message has no Python code to run. Run & review needs a ```python code block, or a message that is only code."
            : refusal.from === "form"
              ? "The form was empty, so there was nothing to run."
              : "There is no Python code to run. Put it after `/run` (a ```python block for several lines), or send `/run` alone to get a form.",
        tone: "warning",
      };
    case "code_too_large":
      return {
        text: `That snippet is too large: the limit is ${size(refusal.limitBytes)} of code.`,
        tone: "warning",
      };
    case "input_too_large":
      return {
        text: `That input is too large: the limit is ${size(refusal.limitBytes)} of standard input.`,
        tone: "warning",
      };
    case "queue_full":
      return {
        text: `The runner is busy: ${refusal.ahead} run${refusal.ahead === 1 ? "" : "s"} ahead of you and the queue is full. Try again in a moment.`,
        tone: "warning",
      };
    case "already_queued":
      return {
        text: "You already have a run in progress: one run at a time per member. Try again when it has finished.",
        tone: "warning",
      };
    case "runner_off":
      return {
        text: "Running code is turned off on this bot (RUNNER_BACKEND=off), so there is no sandbox to run it in.",
        tone: "info",
      };
    case "unavailable":
      return {
        text: "The sandbox could not run this just now. Please try again in a moment.",
        tone: "danger",
      };
    case "runner_busy":
      return {
        text: "The code runner is busy or out of reach just now, so this did not run. Try again in a minute.",
        tone: "warning",
      };
    case "needs_native_runner":
      return {
        text: `This bot runs Python in Pyodide (WebAssembly), which cannot start ${refusal.feature === "threads" ? "threads" : refusal.feature === "processes" ? "processes" : "subprocesses"}. To enable the full runner, the bot's operator installs bubblewrap (\`bwrap\`) and sets RUNNER_BACKEND=bwrap.`,
        tone: "warning",
      };
    case "unknown_run":
      return { text: "That button does not belong to a run in this channel.", tone: "warning" };
    case "unknown_interpreter":
      return {
        text: `There is no interpreter called ${refusal.name} here. Choose one of: ${refusal.offered.join(", ") || "none"}.`,
        tone: "warning",
      };
  }
}

function outcomeText(view: ChallengeResultView, passed: number): string {
  const outcome = view.outcome;
  if (outcome.type === "recorded") {
    return outcome.correct
      ? `**${wholeOf(view.checksTotal, "check")} passed: recorded as correct, +${count(outcome.points, "point")}.**`
      : view.race
        ? `**Recorded as incorrect**: every check must pass under every schedule the explorer tries.`
        : `**Recorded as incorrect** (${passed} of ${checks(view.checksTotal)} passed; every check must pass).`;
  }
  switch (outcome.reason) {
    case "already_answered":
      return "You already answered this challenge; your first answer counts, so this run was not recorded.";
    case "question_closed":
      return "The challenge closed before your run finished, so it was not recorded.";
    case "unknown_action":
      return "This challenge no longer belongs to a round in this channel, so the run was not recorded.";
  }
}

export function outputBlocks(label: string, output: SnippetOutput, whenEmpty: string): Block[] {
  if (output.totalLines === 0) return whenEmpty ? [{ type: "text", markdown: whenEmpty }] : [];
  const shown = output.shortened
    ? ` (first ${output.lines.length} of ${output.totalLines} line${output.totalLines === 1 ? "" : "s"})`
    : "";
  return [
    { type: "text", markdown: `**${label}**${shown}` },
    {
      type: "code",
      language: "",
      // Plain output, nothing added: members copy it to compare runs, and a gutter would be copied too.
      code: output.lines.map((line) => line.text).join("\n"),
    },
  ];
}

export function runButtons(view: {
  againActionId: string;
  determinismActionId: string;
  compareActionId?: string;
  exploreActionId?: string;
}): Button[] {
  return [
    { actionId: view.againActionId, label: "Run again", style: "secondary" },
    { actionId: view.determinismActionId, label: "Check determinism", style: "secondary" },
    ...(view.exploreActionId !== undefined
      ? [{ actionId: view.exploreActionId, label: "Explore interleavings", style: "secondary" as const }]
      : []),
    ...(view.compareActionId !== undefined
      ? [{ actionId: view.compareActionId, label: "Compare interpreters", style: "secondary" as const }]
      : []),
  ];
}

/** The run's ending in words: `exit code 1`, `timed out after 5 s`, `killed: out of memory`. */
export function statusText(run: RunSummary): string {
  switch (run.status) {
    case "ok":
      return "finished, exit code 0";
    case "error":
      return run.exitCode === null ? "failed" : `exit code ${run.exitCode}`;
    case "timeout":
      return `timed out after ${Math.max(1, Math.round(run.wallMs / 1000))} s`;
    case "memory":
      return "killed: out of memory";
    case "output_limit":
      return "stopped: too much output";
    case "signal":
      return `killed by ${run.signal ?? "a signal"}`;
    case "rejected":
    case "unavailable":
      return "did not run";
  }
}

function toneOf(status: RunSummary["status"]): Tone {
  return status === "ok" ? "success" : status === "error" ? "warning" : "danger";
}

/** A member's code cut to what a message shows, saying so when it was cut. */
export function shortCode(code: string): string {
  const lines = code.replace(/\n+$/, "").split("\n");
  let shown = lines.slice(0, codeLines).join("\n");
  if (shown.length > codeChars) {
    // Never inside a surrogate pair: half an emoji is no text, and a platform may refuse the message.
    const end = /[\uD800-\uDBFF]/.test(shown.charAt(codeChars - 1)) ? codeChars - 1 : codeChars;
    shown = shown.slice(0, end);
  }
  return shown.length < code.replace(/\n+$/, "").length ? `${shown}\n# … (shortened)` : shown;
}

export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function size(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function runCount(runs: number): string {
  return count(runs, "run");
}

function checks(total: number): string {
  return count(total, "check");
}
