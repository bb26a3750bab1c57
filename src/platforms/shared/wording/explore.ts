import type { Exploration, OutcomeCount } from "../../../domain/explore/exploration.js";
import type { SnippetExplorationView } from "../../../domain/ports/views/exploration.js";
import type { Block, Button, RichMessage, Tone } from "../rich-message.js";
import { codeSpan } from "./code-span.js";
import { count } from "./count.js";
import {
  capitalise,
  deadlockLine,
  explorerLimits,
  hangText,
  outputText,
  perInstructionNote,
  storyLines,
} from "./explore-story.js";
import { memberName } from "./member-name.js";

/** Distinct outputs listed; the rest are counted. */
const shownOutcomes = 6;

type Explored = Extract<Exploration, { kind: "explored" }>;

export function presentExploration(view: SnippetExplorationView): RichMessage {
  const exploration = view.exploration;
  const { blocks, tone, headline } = exploration
    ? body(exploration)
    : {
        blocks: [
          {
            type: "text" as const,
            markdown: `**The exploration brought no report:** its sandbox ${view.failed?.status === "timeout" ? "ran out of time" : `ended with ${view.failed?.status ?? "an error"}`}. Try again when the runner is less busy.`,
          },
        ],
        tone: "warning" as Tone,
        headline: "no report",
      };
  const buttons: Button[] = [
    ...(view.replayActionId !== undefined
      ? [{ actionId: view.replayActionId, label: "Replay", style: "primary" as const }]
      : []),
    { actionId: view.exploreActionId, label: "Explore again", style: "secondary" },
    { actionId: view.againActionId, label: "Run again", style: "secondary" },
  ];
  return {
    title: `${exploration?.kind === "replayed" ? "Replay" : "Interleavings"}: snippet by ${memberName(view.authorName)}`,
    tone,
    blocks,
    buttons: [buttons],
    footer: `Requested by ${memberName(view.requestedBy)}${exploration ? ` · Python ${exploration.python}` : ""}`,
    fallback: `Snippet by ${memberName(view.authorName)}: ${headline}`,
  };
}

function body(exploration: Exploration): { blocks: Block[]; tone: Tone; headline: string } {
  switch (exploration.kind) {
    case "nothing":
      return {
        blocks: [
          {
            type: "text",
            markdown:
              exploration.reason === "no_concurrency"
                ? "**Nothing to explore:** this code imports neither `threading`, `concurrent.futures` nor `asyncio`, so it runs in one order only."
                : "**Nothing to explore:** the program started no second thread and no asyncio task, so there is only one order to run it in.",
          },
        ],
        tone: "neutral",
        headline: "nothing to explore",
      };
    case "hang":
      return {
        blocks: [{ type: "text", markdown: hangText(exploration.hang) }],
        tone: "warning",
        headline: "hung",
      };
    case "replayed":
      return {
        blocks: [
          {
            type: "text",
            markdown: `**Replayed ${exploration.seed !== null ? `seed ${exploration.seed}` : "the breaking schedule"}** exactly:`,
          },
          ...storyBlocks(exploration.replay),
          { type: "text", markdown: "**Output**" },
          { type: "code", language: "", code: outputText(exploration.replay.outcome) },
        ],
        tone: "info",
        headline: "replayed",
      };
    case "explored":
      return exploredBody(exploration);
  }
}

function exploredBody(exploration: Explored): { blocks: Block[]; tone: Tone; headline: string } {
  const blocks: Block[] = [{ type: "text", markdown: verdictText(exploration) }];
  blocks.push({
    type: "table",
    columns: ["Output", "Schedules", "Seed"],
    numeric: [1],
    rows: outcomeRows(exploration.outcomes),
  });
  const deadlock = exploration.deadlocks[0];
  if (deadlock) {
    blocks.push({
      type: "text",
      markdown: `**Deadlock** (seed ${deadlock.seed ?? "none: the normal run"}):\n${deadlock.threads.map(deadlockLine).join("\n")}`,
    });
  }
  if (exploration.replay) {
    blocks.push({
      type: "text",
      markdown: `**How it breaks** (shrunk to ${exploration.replay.schedule.length} decision${exploration.replay.schedule.length === 1 ? "" : "s"}; **Replay** reruns exactly this):`,
    });
    blocks.push(...storyBlocks(exploration.replay));
    blocks.push({
      type: "text",
      markdown: `Then it printed: ${codeSpan(outputText(exploration.replay.outcome))}`,
    });
    if (exploration.replay.perInstructionOnly) blocks.push({ type: "text", markdown: perInstructionNote });
  }
  if (exploration.hang) blocks.push({ type: "text", markdown: hangText(exploration.hang) });
  blocks.push({ type: "text", markdown: `_${explorerLimits}_` });
  const tone: Tone = exploration.verdict === "single" ? "success" : "danger";
  return { blocks, tone, headline: exploration.verdict };
}

function storyBlocks(replay: Parameters<typeof storyLines>[0]): Block[] {
  const lines = storyLines(replay);
  const story: Block[] = lines.length > 0 ? [{ type: "text", markdown: lines.slice(0, 12).join("\n") }] : [];
  if (replay.deadlock) {
    story.push({ type: "text", markdown: replay.deadlock.threads.map(deadlockLine).join("\n") });
  }
  return story;
}

function verdictText(exploration: Explored): string {
  const tried = `${exploration.tried} schedule${exploration.tried === 1 ? "" : "s"}`;
  const partial = exploration.partial
    ? ` The time budget ran out after ${tried}: this is what they found.`
    : "";
  if (exploration.verdict === "deadlock") {
    return `**Deadlock:** in some of ${tried} every thread ended up waiting for another.${partial}`;
  }
  if (exploration.verdict === "race") {
    const distinct = exploration.outcomes.filter((outcome) => outcome.count > 0 || outcome.baseline).length;
    return `**Race:** ${count(distinct, "different output")} across ${tried} and the normal run.${partial}`;
  }
  return `**One output** in every one of ${tried} tried. That is evidence, not proof: other schedules may exist.${partial}`;
}

function outcomeRows(outcomes: readonly OutcomeCount[]): string[][] {
  const sorted = [...outcomes].sort((a, b) => Number(b.baseline) - Number(a.baseline) || b.count - a.count);
  const rows = sorted
    .slice(0, shownOutcomes)
    .map((outcome) => [
      `${outputText(outcome)}${outcome.baseline ? " (normal run)" : ""}`,
      String(outcome.count),
      outcome.seed === null ? "-" : String(outcome.seed),
    ]);
  const rest = sorted.slice(shownOutcomes);
  if (rest.length > 0) {
    const runs = rest.reduce((sum, outcome) => sum + outcome.count, 0);
    rows.push([capitalise(count(rest.length, "more output")), String(runs), "-"]);
  }
  return rows;
}
