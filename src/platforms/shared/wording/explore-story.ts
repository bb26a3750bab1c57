import type {
  CodeSpot,
  DeadlockedThread,
  HangReport,
  Replay,
  ScheduleOutput,
  StoryStep,
} from "../../../domain/explore/exploration.js";

import { codeSpan } from "./code-span.js";

// Sentences about an exploration, shared by the chat presenters and `quizbot explore`.

const maxOutputChars = 200;

/** "line 8 `counter += 1` (counter=64)" */
export function spotText(spot: CodeSpot | null): string {
  if (!spot) return "outside your code";
  const values = Object.entries(spot.values).map(([name, value]) => `${name}=${value}`);
  const code = codeSpan(spot.code);
  return `line ${spot.line}${code === "" ? "" : ` ${code}`}${values.length > 0 ? ` (${values.join(", ")})` : ""}`;
}

/** One numbered sentence per decision of a shrunk schedule. */
export function storyLines(replay: Replay): string[] {
  return replay.story.map((step, index) => `${index + 1}. ${stepText(step)}`);
}

function stepText(step: StoryStep): string {
  if (step.kind === "hold") {
    const others = step.others.length > 0 ? `; ${step.others.join(", ")} went first` : "";
    return `${step.who} was held back at ${spotText(step.at)}${others}.`;
  }
  if (step.why !== null) {
    return `${capitalise(step.from)} waited for ${step.why} at ${spotText(step.at)}, so ${step.to} ran.`;
  }
  const where = step.at ? `before ${spotText(step.at)}` : "outside your code";
  return `${capitalise(step.from)} paused ${where}, and ${step.to} ran.`;
}

/** "Thread-1 (left) holds fork and waits for knife at line 8 `with knife:`" */
export function deadlockLine(thread: DeadlockedThread): string {
  const holds = thread.holds.length > 0 ? ` holds ${thread.holds.join(" and ")} and` : "";
  const call = thread.call !== undefined ? codeSpan(thread.call) : "";
  const waits = thread.waitsFor ?? (call === "" ? "something" : call);
  const code = codeSpan(thread.code ?? "");
  const where = thread.line !== undefined ? ` at line ${thread.line}${code === "" ? "" : ` ${code}`}` : "";
  return `${capitalise(thread.thread)}${holds} waits for ${waits}${where}.`;
}

/** What a schedule printed, in one short line for a list. */
export function outputText(output: ScheduleOutput): string {
  if (output.status === "deadlock") return "(deadlock: nothing could run)";
  if (output.status === "hang") return "(hung in C code or real I/O)";
  if (output.status === "too_long") return "(ran too long: an endless loop or a busy wait?)";
  const printed = output.output.replace(/\n$/, "");
  const text = printed === "" ? "(no output)" : printed.replaceAll("\n", " ⏎ ");
  const error = output.error !== "" ? ` · ${output.error}` : "";
  const full = `${text}${error}`;
  return full.length > maxOutputChars ? `${full.slice(0, maxOutputChars - 1)}…` : full;
}

export const perInstructionNote =
  "A real race, though this CPython rarely shows it for this exact code: the schedule switches threads between two bytecode instructions, and stock CPython 3.10 and newer switches only after calls and at loop ends.";

export const explorerLimits =
  "Threads switch only inside your own code (a C function such as `list.append` or `print` runs whole); blocking inside C (raw `_thread`, sockets, subprocesses, multiprocessing) is not explored; daemon threads stop when the main thread ends.";

export function hangText(hang: HangReport | null): string {
  if (!hang) return "A run hung inside C code or real I/O, which the explorer cannot switch inside.";
  const inside = hang.inside !== null ? ` inside ${codeSpan(hang.inside)}` : "";
  const where = hang.at ? ` at ${spotText(hang.at)}` : "";
  return `${capitalise(hang.thread ?? "a thread")} hung${inside}${where}: blocked in C code or real I/O, which the explorer cannot switch inside. That is not a deadlock between your threads.`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Why a submission that passed the checks is still wrong: the explorer's verdict, the shrunk schedule
 * told step by step and what the checks said under it. Shared by chat and `quizbot check`.
 */
export function challengeRaceLines(race: {
  readonly verdict: "race" | "deadlock";
  readonly tried: number;
  readonly replay: Replay | null;
}): string[] {
  const what = race.verdict === "deadlock" ? "every thread ends up waiting (a deadlock)" : "a check fails";
  const lines = [
    `Your code passes the checks as they ran, but the interleaving explorer found a schedule (of ${race.tried} tried) under which ${what}, so it counts as wrong.`,
  ];
  const replay = race.replay;
  if (!replay) return lines;
  lines.push(...storyLines(replay).slice(0, 12));
  lines.push(`Then: ${outputText(replay.outcome)}`);
  if (replay.deadlock) lines.push(...replay.deadlock.threads.map(deadlockLine));
  return lines;
}
