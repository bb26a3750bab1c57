import type {
  ScheduleAddedView,
  ScheduleLine,
  ScheduleListView,
  ScheduleOutcomeView,
  ScheduleProblemView,
} from "../../../domain/ports/views/daily.js";
import { minimumWindowMinutes } from "../../../domain/schedules/answer-window.js";
import type { ScheduleProblem } from "../../../domain/schedules/schedule-problem.js";
import { type RichMessage, textMessage } from "../rich-message.js";
import { codeSpan } from "./code-span.js";
import { count } from "./count.js";
import { inZone } from "./time-words.js";

const forms =
  "`daily 18:30`, `weekdays 09:00`, `weekends 10:00`, `mon,wed,fri 07:45`, `every 15 minutes` or a five-field cron expression such as `0 9 * * 1-5`";

/** A slot in the schedule's own zone, e.g. "Mon 2 Mar, 09:00 (Europe/Berlin)". */
const when = inZone;

/**
 * How long answers stay open, worded once for the confirmation and the list (the rule is
 * `answerClosesAt` in src/domain/schedules/answer-window.ts).
 */
function windowRule(schedule: ScheduleLine): string {
  return `answers close ${schedule.closeBeforeNextMinutes} min before the next post, and stay open ${minimumWindowMinutes} min at least`;
}

function line(schedule: ScheduleLine): string {
  const what = `${count(schedule.questionCount, "question")} from ${schedule.pack ?? "all packs"}`;
  const state = schedule.paused
    ? "paused"
    : schedule.nextSlot
      ? `next ${when(schedule.nextSlot, schedule.timeZone)}${schedule.nextClosesAt ? `, answers until ${when(schedule.nextClosesAt, schedule.timeZone)}` : ""}`
      : "no upcoming post";
  return `**#${schedule.id}** ${codeSpan(schedule.description)} (${schedule.timeZone}): ${what}; ${windowRule(schedule)}; ${state}.`;
}

export function presentScheduleAdded(view: ScheduleAddedView): RichMessage {
  const { schedule } = view;
  const text = `Daily quiz #${schedule.id} scheduled: ${codeSpan(schedule.description)}, ${count(schedule.questionCount, "question")} from ${schedule.pack ?? "all packs"}. First post ${when(view.firstSlot, schedule.timeZone)}, answers until ${when(view.firstClosesAt, schedule.timeZone)}: ${windowRule(schedule)}.`;
  return textMessage(text, "success");
}

export function presentScheduleList(view: ScheduleListView): RichMessage {
  if (view.schedules.length === 0) {
    return textMessage(
      "No daily quiz is scheduled here. Add one with `/quiz schedule add weekdays 09:00`.",
      "info",
    );
  }
  const text = view.schedules.map(line).join("\n");
  return {
    title: "Daily quizzes in this channel",
    tone: "info",
    blocks: [{ type: "text", markdown: text }],
    fallback: text,
  };
}

export function presentScheduleOutcome(view: ScheduleOutcomeView): RichMessage {
  switch (view.outcome) {
    case "paused":
      return textMessage(
        `Daily quiz #${view.id} is paused. Resume it with \`/quiz schedule resume ${view.id}\`.`,
        "success",
      );
    case "resumed":
      return textMessage(`Daily quiz #${view.id} is running again.`, "success");
    case "removed":
      return textMessage(`Daily quiz #${view.id} is removed.`, "success");
    case "not_found":
      return textMessage(
        `This channel has no daily quiz #${view.id}. See \`/quiz schedule list\`.`,
        "warning",
      );
  }
}

export function scheduleProblemText(problem: ScheduleProblem): string {
  switch (problem.code) {
    case "unrecognised_when":
      return `"${problem.text}" is not a schedule I understand. Expected ${forms}.`;
    case "bad_time":
      return `"${problem.text}" is not a time of day. Expected HH:MM on a 24-hour clock, e.g. 09:00 or 18:30.`;
    case "bad_days":
      return `"${problem.text}" are not days I know. Expected daily, weekdays, weekends or day names separated by commas, e.g. mon,wed,fri.`;
    case "bad_interval":
      return `Every ${count(problem.minutes, "minute")} is not possible. Expected every 10, 12, 15, 20, 30 or 60 minutes (at most one post per 10 minutes).`;
    case "bad_cron":
      return `"${problem.text}" is not a valid cron expression (${problem.detail}). Expected five fields: minute hour day-of-month month day-of-week, e.g. \`0 9 * * 1-5\`.`;
    case "unknown_time_zone":
      return `"${problem.zone}" is not a time zone I know. Expected an IANA name such as Europe/Berlin or America/New_York, given anywhere after the time or as \`timezone:Europe/Berlin\`.`;
    case "too_frequent":
      return `That would post at ${when(problem.first, problem.timeZone)} and again at ${when(problem.second, problem.timeZone)}. A daily quiz may post at most once per 10 minutes.`;
    case "never_runs":
      return `"${problem.cron}" never comes round (no such date). Expected a schedule that posts at least once in four years.`;
  }
}

export function presentScheduleProblem(view: ScheduleProblemView): RichMessage {
  return textMessage(scheduleProblemText(view.problem), "warning");
}
