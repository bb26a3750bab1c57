import type { PlatformCapabilities } from "../../../domain/ports/chat-platform.js";
import type {
  ReviewCardView,
  ReviewGradeButton,
  ReviewReminderView,
  ReviewSettingsView,
  ReviewSummaryView,
} from "../../../domain/ports/views/review.js";
import type { Block, Button, RichMessage } from "../rich-message.js";
import { answerWords, optionLabelWords } from "./answer-words.js";
import { dayInZone, inZone } from "./time-words.js";

const gradeNames: Record<ReviewGradeButton["grade"], string> = {
  1: "Again",
  2: "Hard",
  3: "Good",
  4: "Easy",
};

/** "<1m", "10m", "3h", "4d", "2mo", as on Anki's grade buttons. */
export function shortInterval(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return "<1m";
  if (minutes < 60) return `${Math.round(minutes)}m`;
  const hours = minutes / 60;
  if (hours < 24) return `${Math.round(hours)}h`;
  const days = hours / 24;
  if (days < 31) return `${Math.round(days)}d`;
  if (days < 365) return `${Math.round(days / 30)}mo`;
  return `${(days / 365).toFixed(1)}y`;
}

/**
 * A review card. Only its answer buttons carry a `key` (the letter a text-only platform takes typed);
 * Show answer, the grades and Pause are plain buttons, which the console numbers `[!1]`, `[!2]`...
 */
export function presentReviewCard(view: ReviewCardView, capabilities: PlatformCapabilities): RichMessage {
  const newCount = view.total - view.dueCount;
  const title = `Review · card ${view.position + 1} of ${view.total}`;
  const blocks: Block[] = [{ type: "text", markdown: view.prompt }];
  if (view.code) blocks.push({ type: "code", language: "python", code: view.code });
  // True/false buttons are labelled True and False; without buttons the letters to type are listed.
  const listChoices =
    view.answerMode === "choice" || (view.answerMode === "truefalse" && !capabilities.buttons);
  if (listChoices && view.choices.length > 0) {
    blocks.push({
      type: "text",
      markdown: view.choices
        .map((choice) => `**${choice.key}.** ${optionLabelWords(choice.label)}`)
        .join("\n"),
    });
  }
  const rows: Button[][] = [];
  if (view.reveal) {
    const reveal = view.reveal;
    const given = reveal.given ? answerWords(reveal.given, "review") : "";
    const verdict =
      reveal.correct === undefined
        ? ""
        : reveal.correct
          ? `✅ Right (${given}). `
          : `❌ Not quite (${given}). `;
    blocks.push({
      type: "text",
      markdown: `${verdict}**Answer: ${answerWords(reveal.correctAnswer, "review")}**\n${reveal.explanation.trim()}${reveal.reference ? `\nMore: ${reveal.reference}` : ""}`,
    });
  } else if (view.answerMode === "recall") {
    blocks.push({ type: "text", markdown: "Think of your answer, then show it." });
  }
  if (view.grades) {
    rows.push(
      view.grades.map((grade) => ({
        actionId: grade.actionId,
        label: `${gradeNames[grade.grade]} · ${shortInterval(grade.intervalMs)}`,
        style: grade.suggested ? "primary" : grade.grade === 1 ? "danger" : "secondary",
      })),
    );
  } else if (view.showAnswerActionId) {
    rows.push([{ actionId: view.showAnswerActionId, label: "Show answer", style: "primary" }]);
  } else {
    rows.push(
      view.choices.map((choice) => ({
        actionId: choice.actionId,
        label: view.answerMode === "truefalse" ? optionLabelWords(choice.label) : choice.key,
        key: choice.key,
        style: "secondary",
      })),
    );
  }
  rows.push([{ actionId: view.pauseActionId, label: "Pause", style: "secondary" }]);
  const suggested = view.grades?.find((grade) => grade.suggested);
  const hint = view.grades
    ? suggested
      ? `Suggested from your answer: ${gradeNames[suggested.grade]}. Grade how well you knew it.`
      : "Grade how well you knew it."
    : view.isNew
      ? "New card"
      : "Due card";
  return {
    title,
    tone: view.reveal ? (view.reveal.correct === false ? "warning" : "success") : "info",
    blocks,
    buttons: rows,
    footer: `${hint} · ${view.dueCount} due, ${newCount} new`,
    fallback: `${title}: ${view.prompt}`,
  };
}

export function presentReviewSummary(view: ReviewSummaryView): RichMessage {
  const next = view.nextDue
    ? `Next card due ${inZone(view.nextDue, view.timeZone)}.`
    : "No cards scheduled yet.";
  let title: string;
  let text: string;
  switch (view.outcome) {
    case "nothing_due":
      title = "Nothing to review";
      text = `No cards are due and no new cards are left for today. ${next}`;
      break;
    case "paused":
      title = "Review paused";
      text = `${view.reviewed} reviewed so far, ${view.remaining} to go. Run \`/review\` to carry on where you left off.`;
      break;
    case "on_vacation":
      title = "On vacation";
      text = `Your reviews and reminders are paused ${view.nextDue ? `until ${dayInZone(view.nextDue, view.timeZone)}` : "until you come back"}. \`/review settings vacation:off\` brings you back now, with the cards that waited spread over a few days.`;
      break;
    case "finished":
      title = "Review done";
      text = `${view.reviewed} card${view.reviewed === 1 ? "" : "s"} reviewed, ${view.again} to see again soon. ${next}`;
      break;
  }
  return {
    title,
    tone: view.outcome === "finished" ? "success" : "info",
    blocks: [{ type: "text", markdown: text }],
    fallback: text,
  };
}

const weekdayWords = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function easyDaysText(days: readonly number[]): string {
  return days.length === 0 ? "none" : days.map((day) => weekdayWords[day] ?? "?").join(", ");
}

function vacationText(view: ReviewSettingsView): string {
  if (!view.vacation) return "off";
  const back = view.vacation.until
    ? `until ${dayInZone(view.vacation.until, view.timeZone ?? "UTC")}`
    : "until you turn it off";
  return `on ${back}: reviews and reminders paused`;
}

/** "Welcome back: 30 cards waited while you were away: 12 today, then 9 and 9 on the next 2 days, ..." */
function welcomeBackText(back: NonNullable<ReviewSettingsView["backFromVacation"]>): string {
  if (back.cards === 0) return "Welcome back: no cards waited while you were away.";
  const waited = `Welcome back: ${back.cards} card${back.cards === 1 ? "" : "s"} waited while you were away`;
  const [today = 0, ...rest] = back.perDay;
  // Days the spread left empty at its end are no part of it.
  const later = rest.slice(0, rest.findLastIndex((count) => count > 0) + 1);
  if (later.length === 0) return `${waited}, all due today.`;
  const when =
    later.length === 1
      ? `${later[0]} tomorrow`
      : `${later.slice(0, -1).join(", ")} and ${String(later.at(-1))} on the next ${later.length} days`;
  return `${waited}: ${today} today, then ${when}, so they do not all fall due at once.`;
}

export function presentReviewSettings(view: ReviewSettingsView): RichMessage {
  const reminder = view.remindersEnabled && view.reminderTime ? `daily at ${view.reminderTime}` : "off";
  const fields = [
    { name: "Desired retention", value: `${Math.round(view.retention * 100)} %` },
    { name: "New cards per day", value: String(view.newPerDay) },
    { name: "Time zone", value: view.timeZone ?? "UTC (not set)" },
    { name: "Reminder", value: reminder },
    { name: "Cards from your snippets", value: view.snippetCards ? "on" : "off" },
    { name: "Easy days (fewer reviews)", value: easyDaysText(view.lightWeekdays) },
    { name: "Vacation", value: vacationText(view) },
  ];
  const fallback = fields.map((field) => `${field.name}: ${field.value}`).join(", ");
  const welcome: Block[] = view.backFromVacation
    ? [{ type: "text", markdown: welcomeBackText(view.backFromVacation) }]
    : [];
  return {
    title: "Your review settings",
    tone: "success",
    blocks: [...welcome, { type: "fields", fields }, ...workloadBlocks(view.workload)],
    buttons: [[{ actionId: view.fitActionId, label: "Fit to my history", style: "secondary" }]],
    fallback,
  };
}

/**
 * The workload table: average reviews per day in each stretch of the next 30 days, and the total, per
 * retention; the member's own retention is marked.
 */
function workloadBlocks(workload: ReviewSettingsView["workload"]): Block[] {
  if (workload.length === 0) return [];
  const stretches: readonly [number, number][] = [
    [0, 7],
    [7, 14],
    [14, 21],
    [21, 30],
  ];
  const perDay = (days: readonly number[], [from, to]: [number, number]) => {
    const slice = days.slice(from, to);
    return slice.length === 0 ? "0" : (slice.reduce((sum, n) => sum + n, 0) / slice.length).toFixed(1);
  };
  return [
    {
      type: "text",
      markdown:
        "**Workload**: simulated reviews per day with your cards and parameters, by desired retention",
    },
    {
      type: "table",
      columns: ["Retention", "Days 1-7", "8-14", "15-21", "22-30", "30 days"],
      numeric: [1, 2, 3, 4, 5],
      rows: workload.map((line) => [
        `${Math.round(line.retention * 100)} %${line.current ? " (yours)" : ""}`,
        ...stretches.map((stretch) => perDay(line.perDay, stretch)),
        String(line.perDay.reduce((sum, n) => sum + n, 0)),
      ]),
    },
  ];
}

export function presentReviewReminder(view: ReviewReminderView): RichMessage {
  const text = `${view.due} card${view.due === 1 ? "" : "s"} due, about ${view.minutes} minute${view.minutes === 1 ? "" : "s"}.`;
  return {
    title: "Time to review",
    tone: "info",
    blocks: [{ type: "text", markdown: text }],
    buttons: [[{ actionId: view.startActionId, label: "Start review", style: "primary" }]],
    footer: "Change or turn off with /review settings reminder:off",
    fallback: text,
  };
}
