import type {
  InterpreterTimingRow,
  SnippetTimingComparisonView,
  SnippetTimingView,
  TimingOutcome,
} from "../../../domain/ports/views/snippets.js";
import type { Block, Button, RichMessage } from "../rich-message.js";
import { codeSpan } from "./code-span.js";
import { count } from "./count.js";
import { memberName } from "./member-name.js";
import { duration, shortCode } from "./snippets.js";

/** `/timeit`: the report as `python -m timeit` prints it, or how far it got before the wall limit. */
export function presentTiming(view: SnippetTimingView): RichMessage {
  const on = view.interpreter ? ` · Python ${view.interpreter}` : "";
  const { outcome } = view;
  return {
    title: `Timing: snippet by ${view.authorName}`,
    tone: outcome.kind === "timed" ? "success" : outcome.kind === "unfinished" ? "warning" : "danger",
    blocks: [...codeBlocks(view), { type: "text", markdown: outcomeText(outcome, on) }],
    ...(view.compareActionId !== undefined ? { buttons: [[compareButton(view.compareActionId)]] } : {}),
    fallback: `Timing by ${view.authorName}: ${outcome.kind === "timed" ? outcome.report : outcome.kind}`,
  };
}

/** "Compare interpreters" under a timing: one row per interpreter, ranked against the fastest. */
export function presentTimingComparison(view: SnippetTimingComparisonView): RichMessage {
  const ranked = view.rows.filter((row) => row.relative !== null);
  const fastest = ranked.find((row) => row.relative === 1);
  const summary =
    ranked.length === 0
      ? "**No interpreter finished the timing.**"
      : ranked.length === 1 || !fastest
        ? `**Timed on ${count(ranked.length, "interpreter")}.**`
        : `**Fastest: ${label(fastest)}**, ${slowestNote(ranked)}.`;
  const blocks: Block[] = [
    ...codeBlocks(view),
    { type: "text", markdown: summary },
    {
      type: "table",
      columns: ["Interpreter", "Per loop", "Against the fastest", "Report"],
      numeric: [1, 2],
      rows: view.rows.map((row) => [
        label(row),
        row.secondsPerLoop === null ? "-" : perLoop(row.secondsPerLoop),
        row.relative === null ? "-" : `${row.relative.toFixed(2)}×`,
        rowText(row.outcome),
      ]),
    },
    {
      type: "text",
      markdown:
        "Each interpreter ran the timing in its own sandbox, one after another; timings on a shared machine vary by a few percent from run to run, so compare again before reading much into a small gap.",
    },
  ];
  return {
    title: `Timing on every interpreter: snippet by ${memberName(view.authorName)}`,
    tone: ranked.length === view.rows.length ? "success" : "warning",
    blocks,
    buttons: [[compareButton(view.compareActionId, "Compare again")]],
    footer: `${count(view.rows.length, "interpreter")}, requested by ${memberName(view.requestedBy)}`,
    fallback: `Timing by ${memberName(view.authorName)} on ${count(view.rows.length, "interpreter")}: ${
      fastest ? `fastest ${label(fastest)}` : "none finished"
    }`,
  };
}

function codeBlocks(view: { readonly setup: string | null; readonly statement: string }): Block[] {
  return [
    ...(view.setup !== null
      ? [{ type: "code" as const, language: "python", code: shortCode(view.setup) }]
      : []),
    { type: "code", language: "python", code: shortCode(view.statement) },
  ];
}

/** The outcome in a sentence; `on` names the interpreter (` · Python 3.12`) or is empty. */
function outcomeText(outcome: TimingOutcome, on: string): string {
  switch (outcome.kind) {
    case "timed":
      return `**${outcome.report}**${on}`;
    case "unfinished":
      return `**Stopped at the wall limit** (${duration(outcome.wallMs)})${on}: ${unfinishedText(outcome)}`;
    case "failed":
      return `**The timing failed**${on}: ${codeSpan(outcome.error)}`;
  }
}

function rowText(outcome: TimingOutcome): string {
  switch (outcome.kind) {
    case "timed":
      return outcome.report;
    case "unfinished":
      return `stopped at the wall limit: ${unfinishedText(outcome)}`;
    case "failed":
      return `failed: ${outcome.error}`;
  }
}

function unfinishedText(outcome: { readonly loops: number | null; readonly seconds: number | null }): string {
  return outcome.loops === null
    ? "not one loop finished."
    : `autorange got as far as ${count(outcome.loops, "loop")} in ${outcome.seconds} s.`;
}

function slowestNote(ranked: readonly InterpreterTimingRow[]): string {
  const slowest = ranked.reduce((a, b) => ((b.relative ?? 0) > (a.relative ?? 0) ? b : a));
  return `${label(slowest)} took ${(slowest.relative ?? 1).toFixed(2)}× as long per loop`;
}

/** The unit `python -m timeit` would pick for this time. */
function perLoop(seconds: number): string {
  const [value, unit] =
    seconds >= 1
      ? [seconds, "s"]
      : seconds >= 1e-3
        ? [seconds * 1e3, "ms"]
        : seconds >= 1e-6
          ? [seconds * 1e6, "µs"]
          : [seconds * 1e9, "ns"];
  return `${value.toPrecision(3)} ${unit}`;
}

function label(row: InterpreterTimingRow): string {
  if (row.wasm) return `Pyodide ${row.version}`;
  return `${row.name}${row.name === row.version ? "" : ` (${row.version})`}${row.freeThreaded ? ", no GIL" : ""}`;
}

function compareButton(actionId: string, text = "Compare interpreters"): Button {
  return { actionId, label: text, style: "secondary" };
}
