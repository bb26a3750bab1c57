import type { Notice } from "../../../domain/ports/views/notice.js";
import type { Tone } from "../rich-message.js";
import { expectedWords } from "./expected-words.js";
import { memberName } from "./member-name.js";

/** The words for every expected failure and confirmation, in one place for all platforms. */
export function noticeText(notice: Notice, admins = "admins"): { text: string; tone: Tone } {
  switch (notice.code) {
    case "round_running":
      return {
        text: `A round is already running in this channel (question ${notice.position + 1} of ${notice.total}, started by ${memberName(notice.startedBy)}). Answer along, or stop it with \`/quiz stop\`.`,
        tone: "warning",
      };
    case "no_round":
      return { text: "No round is running in this channel. Start one with `/quiz start`.", tone: "info" };
    case "no_questions":
      return {
        text: `No questions match "${notice.filter}". Try a pack id or a topic such as \`asyncio\`, \`gil\` or \`threading\`.${notice.schedule ? " A time zone goes after the time or as `timezone:Europe/Berlin`." : ""}`,
        tone: "warning",
      };
    case "invalid_option":
      return {
        text: `That option isn't valid: ${notice.option}. Expected ${expectedWords(notice.expected)}.`,
        tone: "warning",
      };
    case "unknown_command":
      return {
        text: `Unknown command "${notice.name}". \`/help\` lists the commands (\`/quizhelp\` on Slack).`,
        tone: "warning",
      };
    case "not_allowed":
      return {
        text:
          notice.needed === "admin"
            ? `Only ${admins} can do that.`
            : `Only the member who started this round, or ${admins}, can stop it.`,
        tone: "warning",
      };
    case "already_answered":
      return { text: "You already answered this question; your first answer counts.", tone: "info" };
    case "question_closed":
      return { text: "This question is closed.", tone: "info" };
    case "try_again":
      return {
        text: "Your answer could not be saved just now, so it was not recorded. Please try again in a moment.",
        tone: "danger",
      };
    case "unknown_action":
      return { text: "That button no longer belongs to a running question.", tone: "warning" };
    case "round_stopped":
      return { text: `The round was stopped by ${memberName(notice.by)}.`, tone: "info" };
    case "config_saved":
      return {
        text: `Saved: ${notice.settings.questionSeconds ?? "pack default"} s per question, mode ${notice.settings.mode ?? "everyone"}, time zone ${notice.settings.timeZone ?? "server default"}.`,
        tone: "success",
      };
    case "internal_error":
      return {
        text: "Something went wrong on our side. It has been logged; please try again.",
        tone: "danger",
      };
  }
}
