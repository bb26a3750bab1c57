import type { PlatformCapabilities } from "../../../domain/ports/chat-platform.js";
import type {
  AnswerAckView,
  QuestionView,
  RoundStartedView,
  RoundSummaryView,
} from "../../../domain/ports/views/round.js";
import type { Block, Button, MessagePicture, RichMessage } from "../rich-message.js";
import { answerWords, optionLabelWords } from "./answer-words.js";
import { count, wholeOf } from "./count.js";
import { medal } from "./medal.js";
import { cellName, memberName } from "./member-name.js";
import { elapsed, inZone } from "./time-words.js";

export function presentQuestion(view: QuestionView, capabilities: PlatformCapabilities): RichMessage {
  const header = view.daily ? "Daily question" : `Question ${view.position + 1} of ${view.total}`;
  const prompt = view.standardPrompt === "output" ? "What does this print?" : view.prompt;
  const blocks: Block[] = [{ type: "text", markdown: prompt }];
  if (view.code) blocks.push({ type: "code", language: "python", code: view.code });
  const closed = view.state === "closed";
  const choiceLines = view.choices.map((choice) => `**${choice.key}.** ${optionLabelWords(choice.label)}`);
  // True/false buttons are labelled True and False; without buttons the letters to type are listed.
  if ((view.answerMode !== "truefalse" || !capabilities.buttons) && choiceLines.length > 0) {
    blocks.push({ type: "text", markdown: choiceLines.join("\n") });
  }
  const buttons = questionButtons(view, capabilities);
  if (view.reveal) blocks.push(...revealBlocks(view.reveal));
  const counts = `${view.answeredCount} answered`;
  // A daily question stays open for hours: say when it closes (in the schedule's zone, as the schedule's
  // own replies do) rather than how many seconds it has.
  const timing = closed
    ? ""
    : view.daily || view.seconds > 3600
      ? ` · answers close ${inZone(view.closesAt, view.timeZone ?? "UTC")}`
      : ` · ${view.seconds} s`;
  const select = multiSelect(view);
  return {
    title: header,
    tone: closed ? "neutral" : "info",
    blocks,
    ...(buttons.length > 0 ? { buttons: chunk(buttons, 5) } : {}),
    ...(select ? { select } : {}),
    footer: `${howToAnswer(view, capabilities)} · ${counts}${timing}${view.mode === "first_correct" ? " · first correct answer wins" : ""}`,
    fallback: `${header}: ${prompt}`,
  };
}

/** A button per choice, or the one that opens the code or answer form, or none (multi uses a select). */
function questionButtons(view: QuestionView, capabilities: PlatformCapabilities): Button[] {
  const closed = view.state === "closed";
  const correct = new Set(view.reveal?.correctKeys ?? []);
  switch (view.answerMode) {
    case "code":
      return view.submitActionId && !closed
        ? [{ actionId: view.submitActionId, label: "Submit code", style: "primary" }]
        : [];
    case "text":
      return view.submitActionId && !capabilities.readsChannelMessages && !closed
        ? [{ actionId: view.submitActionId, label: "Answer", style: "primary" }]
        : [];
    case "multi":
      return [];
    default:
      return view.choices.map((choice) => ({
        actionId: choice.actionId,
        label: view.answerMode === "truefalse" ? optionLabelWords(choice.label) : choice.key,
        key: choice.key,
        style: closed && correct.has(choice.key) ? "success" : "secondary",
        disabled: closed,
      }));
  }
}

function revealBlocks(reveal: NonNullable<QuestionView["reveal"]>): Block[] {
  const who =
    reveal.correctMembers.length === 0
      ? "Nobody got it."
      : `Right: ${reveal.correctMembers
          .slice(0, 10)
          .map((member) => `${memberName(member.displayName)} (${elapsed(member.responseMs)})`)
          .join(", ")}${reveal.correctMembers.length > 10 ? ", …" : ""}`;
  return [
    {
      type: "text",
      markdown: `**Answer: ${answerWords(reveal.correctAnswer, "round")}**\n${reveal.explanation.trim()}${reveal.reference ? `\nMore: ${reveal.reference}` : ""}`,
    },
    { type: "text", markdown: `${reveal.correctCount} of ${reveal.answeredCount} correct. ${who}` },
  ];
}

function howToAnswer(view: QuestionView, capabilities: PlatformCapabilities): string {
  if (view.state === "closed") return "Closed";
  switch (view.answerMode) {
    case "code":
      return "Complete the code and submit it: hidden checks run in the sandbox";
    case "text":
      return capabilities.readsChannelMessages
        ? "Type your answer in the channel"
        : "Press Answer to type your answer";
    case "multi":
      return capabilities.buttons ? "Pick every correct option" : "Type all correct letters, e.g. A C";
    default:
      return capabilities.buttons ? "Press a button" : "Type the letter of your answer";
  }
}

/** The pick-several menu of a multi question. */
function multiSelect(view: QuestionView): RichMessage["select"] | undefined {
  if (view.answerMode !== "multi" || !view.submitActionId) return undefined;
  return {
    actionId: view.submitActionId,
    placeholder: "Pick every correct option",
    options: view.choices.map((choice) => ({
      value: choice.key,
      label: `${choice.key}. ${optionLabelWords(choice.label)}`,
    })),
    minValues: 1,
    maxValues: view.choices.length,
    disabled: view.state === "closed",
  };
}

export function presentAnswerAck(view: AnswerAckView): RichMessage {
  const given = answerWords(view.given, "round");
  const text = view.correct
    ? `✅ Correct (${given}): +${count(view.points, "point")}.`
    : `❌ Not quite (${given}). The answer comes when the question closes.`;
  return {
    tone: view.correct ? "success" : "danger",
    blocks: [{ type: "text", markdown: text }],
    fallback: text,
  };
}

export function presentRoundStarted(view: RoundStartedView): RichMessage {
  const modeText = view.mode === "first_correct" ? "first correct answer wins" : "everyone answers";
  const text = `${memberName(view.startedBy)} started a round: ${count(view.questionCount, "question")} from ${view.packTitle}${view.topic ? ` on ${view.topic}` : ""}, ${view.seconds} s each, ${modeText}.`;
  return { title: "Quiz round", tone: "info", blocks: [{ type: "text", markdown: text }], fallback: text };
}

export function presentSummary(view: RoundSummaryView): RichMessage {
  const title = view.daily
    ? "Daily quiz closed"
    : view.outcome === "finished"
      ? "Round over"
      : "Round stopped";
  const lead =
    view.outcome === "inactive"
      ? "The round stopped itself after two questions in a row with no answers."
      : view.outcome === "stopped"
        ? "The round was stopped early."
        : `${wholeOf(view.questionCount, "question")} ${view.questionCount === 1 ? "was" : "were"} played.`;
  const blocks: Block[] = [{ type: "text", markdown: lead }];
  if (view.rows.length === 0) {
    blocks.push({ type: "text", markdown: "Nobody answered this time." });
  } else {
    blocks.push({
      type: "table",
      columns: ["#", "Member", "Points", "Correct"],
      numeric: [2],
      rows: view.rows.map((row) => [
        medal(row.rank, row.points),
        cellName(row.displayName),
        String(row.points),
        `${row.correct}/${row.answered}`,
      ]),
    });
  }
  const fallback = `${title}. ${view.rows
    .slice(0, 3)
    .map((row) => `${row.rank}. ${memberName(row.displayName)} ${row.points}`)
    .join(", ")}`;
  const picture = podiumPicture(view, title, lead);
  return {
    title,
    tone: "success",
    blocks,
    footer: "Every answer is saved and feeds your reviews · see /leaderboard for the standings",
    fallback,
    ...(picture ? { picture } : {}),
  };
}

/**
 * The top three on a podium, when anyone scored; the rest stay a table beside it. Places follow the
 * summary's ranks, so members tied on points share a rank and the podium shows the first three rows.
 */
function podiumPicture(view: RoundSummaryView, title: string, lead: string): MessagePicture | undefined {
  const podium = view.rows.filter((row) => row.points > 0).slice(0, 3);
  if (podium.length === 0) return undefined;
  const rest = view.rows.slice(podium.length);
  const line = (row: RoundSummaryView["rows"][number]) =>
    `${row.rank}. ${row.displayName}, ${count(row.points, "point")}, ${row.correct} of ${row.answered} correct`;
  const blocks: Block[] = [{ type: "text", markdown: lead }];
  if (rest.length > 0) {
    blocks.push({
      type: "table",
      columns: ["#", "Member", "Points", "Correct"],
      numeric: [2],
      rows: rest.map((row) => [
        String(row.rank),
        row.displayName,
        String(row.points),
        `${row.correct}/${row.answered}`,
      ]),
    });
  }
  return {
    picture: {
      kind: "podium",
      title: `${title}: ${lead.replace(/\.$/, "")}`,
      places: podium.map((row, index) => ({
        place: (index + 1) as 1 | 2 | 3,
        name: row.displayName,
        valueText: count(row.points, "point"),
      })),
      footer:
        rest.length === 0
          ? "See /leaderboard for the standings"
          : `and ${count(rest.length, "more member", "more members")} · see /leaderboard for the standings`,
    },
    filename: "podium.png",
    altText: `${title}. ${lead} ${view.rows.map(line).join("; ")}.`,
    blocks,
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}
