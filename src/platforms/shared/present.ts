import type { PlatformCapabilities } from "../../domain/ports/chat-platform.js";
import type { View } from "../../domain/ports/views/index.js";
import { neutraliseStrings } from "./neutralise-for-chat.js";
import type { RichMessage } from "./rich-message.js";
import { presentSnippetCards, presentSnippetReview } from "./wording/code-review.js";
import {
  presentScheduleAdded,
  presentScheduleList,
  presentScheduleOutcome,
  presentScheduleProblem,
} from "./wording/daily.js";
import { presentDashboardLink } from "./wording/dashboard.js";
import { presentExploration } from "./wording/explore.js";
import { presentGroupList, presentGroupOutcome } from "./wording/groups.js";
import { presentHelp } from "./wording/help.js";
import { presentComparison } from "./wording/interpreters.js";
import { presentLeaderboard } from "./wording/leaderboard.js";
import { noticeText } from "./wording/notices.js";
import { presentParameterFit } from "./wording/parameters.js";
import {
  presentReviewCard,
  presentReviewReminder,
  presentReviewSettings,
  presentReviewSummary,
} from "./wording/review.js";
import { presentAnswerAck, presentQuestion, presentRoundStarted, presentSummary } from "./wording/round.js";
import {
  presentChallengeResult,
  presentDeterminism,
  presentSnippetRefusal,
  presentSnippetRun,
} from "./wording/snippets.js";
import { presentStats } from "./wording/stats.js";
import { presentTiming, presentTimingComparison } from "./wording/timing.js";

export interface PresentOptions {
  /** What the help command is called on this platform (`quizhelp` on Slack, which reserves `/help`). */
  readonly helpName?: string;
  /** Who counts as an admin on this platform, as the refusal names them ("workspace admins and owners"). */
  readonly admins?: string;
}

/**
 * Every view in words, for every platform; adapters render the result and may special-case a view. The
 * views that echo a member's code, its output or names (runs, comparisons, determinism, explorations,
 * challenge results, reviews) are neutralised first: nothing in them can ping or break out of a code block.
 */
export function present(
  view: View,
  capabilities: PlatformCapabilities,
  options: PresentOptions = {},
): RichMessage {
  switch (view.kind) {
    case "question":
      return presentQuestion(view, capabilities);
    case "answer_ack":
      return presentAnswerAck(view);
    case "round_started":
      return presentRoundStarted(view);
    case "round_summary":
      return presentSummary(view);
    case "help":
      return presentHelp(options.helpName);
    case "review_card":
      return presentReviewCard(view, capabilities);
    case "review_summary":
      return presentReviewSummary(view);
    case "review_settings":
      return presentReviewSettings(view);
    case "review_reminder":
      return presentReviewReminder(view);
    case "parameter_fit":
      return presentParameterFit(view);
    case "stats":
      return presentStats(view);
    case "leaderboard":
      return presentLeaderboard(view);
    case "group_outcome":
      return presentGroupOutcome(view);
    case "group_list":
      return presentGroupList(view);
    case "schedule_added":
      return presentScheduleAdded(view);
    case "schedule_list":
      return presentScheduleList(view);
    case "schedule_outcome":
      return presentScheduleOutcome(view);
    case "schedule_problem":
      return presentScheduleProblem(view);
    case "snippet_run":
      // The files go as attachments under their own names, as the sandbox wrote them.
      return presentSnippetRun({ ...neutraliseStrings(view), ...(view.files ? { files: view.files } : {}) });
    case "snippet_determinism":
      return presentDeterminism(neutraliseStrings(view));
    case "snippet_timing":
      return presentTiming(neutraliseStrings(view));
    case "snippet_timing_comparison":
      return presentTimingComparison(neutraliseStrings(view));
    case "snippet_comparison":
      return presentComparison(neutraliseStrings(view));
    case "snippet_exploration":
      return presentExploration(neutraliseStrings(view));
    case "challenge_result":
      return presentChallengeResult(neutraliseStrings(view));
    case "snippet_review":
      return presentSnippetReview(neutraliseStrings(view));
    case "snippet_cards":
      return presentSnippetCards(view);
    case "snippet_refused":
      return presentSnippetRefusal(view);
    case "dashboard_link":
      return presentDashboardLink(view);
    case "notice": {
      const { text, tone } = noticeText(view.notice, options.admins);
      return { tone, blocks: [{ type: "text", markdown: text }], fallback: text };
    }
  }
}
