import type { InterpreterRunRow, SnippetComparisonView } from "../../../domain/ports/views/snippets.js";
import type { Block, MessagePicture, RichMessage } from "../rich-message.js";
import { memberName } from "./member-name.js";
import { duration, outputBlocks, runButtons, statusText } from "./snippets.js";

/** "Compare interpreters": one row per interpreter, and what the GIL did where a free-threaded build ran. */
export function presentComparison(view: SnippetComparisonView): RichMessage {
  const [reference] = view.rows;
  const differing = view.rows.filter((row) => !row.same);
  const blocks: Block[] = [
    {
      type: "text",
      markdown:
        differing.length === 0
          ? `**Same output on all ${view.rows.length} interpreters.**`
          : `**The output differs on ${differing.map((row) => row.name).join(", ")}** (compared with ${reference?.name ?? "the first"}).`,
    },
    {
      type: "table",
      columns: ["Interpreter", "Result", "Wall", "CPU", "Output"],
      numeric: [2, 3],
      rows: view.rows.map((row, index) => [
        label(row),
        row.refusal ? "did not run" : statusText(row.run),
        duration(row.run.wallMs),
        row.cpuMs === null ? "-" : duration(row.cpuMs),
        index === 0 ? "reference" : row.same ? "identical" : difference(row),
      ]),
    },
  ];
  for (const row of differing) {
    const first = row.firstDifference;
    if (!first) continue;
    blocks.push({
      type: "code",
      language: "",
      code: `${reference?.name ?? "reference"}: ${first.reference ?? "(no such line)"}\n${row.name}: ${first.other ?? "(no such line)"}`,
    });
  }
  blocks.push(...outputBlocks(`Output on ${reference?.name ?? "the first"}`, view.output, "No output."));
  blocks.push({ type: "text", markdown: gilNote(view.rows) });
  const title = `Compare interpreters: snippet by ${view.authorName}`;
  return {
    title: `Compare interpreters: snippet by ${memberName(view.authorName)}`,
    tone: differing.length === 0 ? "success" : "warning",
    blocks,
    buttons: [runButtons(view)],
    footer: `${view.rows.length} interpreters, one after another, requested by ${memberName(view.requestedBy)}`,
    fallback: `Snippet by ${memberName(view.authorName)} on ${view.rows.length} interpreters: ${differing.length === 0 ? "same output" : "output differs"}`,
    picture: timesPicture(view, title, blocks),
  };
}

/** The times as bars, wall and CPU per interpreter; beside it everything but the table. */
function timesPicture(view: SnippetComparisonView, title: string, blocks: readonly Block[]): MessagePicture {
  const [reference] = view.rows;
  const differing = view.rows.filter((row) => !row.same);
  const note = (row: InterpreterRunRow, index: number) =>
    row.refusal
      ? difference(row)
      : index === 0
        ? `reference · ${statusText(row.run)}`
        : row.same
          ? `identical · ${statusText(row.run)}`
          : difference(row);
  const line = (row: InterpreterRunRow, index: number) =>
    `${label(row)}: ${duration(row.run.wallMs)} wall, ${row.cpuMs === null ? "CPU not measured" : `${duration(row.cpuMs)} CPU`}, ${note(row, index)}`;
  const subtitle =
    differing.length === 0
      ? `Same output on all ${view.rows.length} interpreters`
      : `The output differs on ${differing.map((row) => row.name).join(", ")} (compared with ${reference?.name ?? "the first"})`;
  return {
    picture: {
      kind: "times",
      title,
      subtitle,
      bars: view.rows.map((row, index) => ({
        label: label(row),
        wallMs: row.refusal ? 0 : row.run.wallMs,
        cpuMs: row.refusal ? 0 : (row.cpuMs ?? 0),
        note: note(row, index),
        differs: !row.same || row.refusal !== undefined,
      })),
      wallLabel: "wall time",
      cpuLabel: "CPU time (all threads and processes)",
    },
    filename: "interpreters.png",
    altText: `${title}. ${subtitle}. ${view.rows.map(line).join("; ")}.`,
    blocks: blocks.filter((block) => block.type !== "table"),
  };
}

function label(row: InterpreterRunRow): string {
  if (row.wasm) return `Pyodide ${row.version}`;
  return `${row.name}${row.name === row.version ? "" : ` (${row.version})`}${row.freeThreaded ? ", no GIL" : ""}`;
}

function difference(row: InterpreterRunRow): string {
  if (row.refusal?.code === "needs_native_runner") return `not run: no ${row.refusal.feature} in Pyodide`;
  if (row.refusal) return "not run";
  const first = row.firstDifference;
  return first ? `differs at ${first.stream} line ${first.line}` : "same output, other ending";
}

/** The point of comparing CPU-bound threads: with the GIL, CPU time is about the wall time; without, it can exceed it. */
function gilNote(rows: readonly InterpreterRunRow[]): string {
  const freeThreaded = rows.filter((row) => row.freeThreaded);
  if (freeThreaded.length === 0) {
    return "No free-threaded build (3.13t or later) is installed here, so every CPython above runs one thread of Python at a time.";
  }
  return `${freeThreaded.map((row) => row.name).join(", ")} ${freeThreaded.length === 1 ? "is a free-threaded build" : "are free-threaded builds"}: threads there run Python in parallel, so CPU time above wall time means the threads overlapped.`;
}
