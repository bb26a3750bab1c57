import type {
  ScheduleAddedView,
  ScheduleListView,
  ScheduleOutcomeView,
  ScheduleProblemView,
} from "./daily.js";
import type { DashboardLinkView } from "./dashboard.js";
import type { SnippetExplorationView } from "./exploration.js";
import type { GroupListView, GroupOutcomeView } from "./groups.js";
import type { HelpView } from "./help.js";
import type { LeaderboardView } from "./leaderboard.js";
import type { NoticeView } from "./notice.js";
import type {
  ParameterFitView,
  ReviewCardView,
  ReviewReminderView,
  ReviewSettingsView,
  ReviewSummaryView,
} from "./review.js";
import type { AnswerAckView, QuestionView, RoundStartedView, RoundSummaryView } from "./round.js";
import type {
  ChallengeResultView,
  SnippetCardsView,
  SnippetComparisonView,
  SnippetDeterminismView,
  SnippetRefusedView,
  SnippetReviewView,
  SnippetRunView,
  SnippetTimingComparisonView,
  SnippetTimingView,
} from "./snippets.js";
import type { StatsView } from "./stats.js";

export type * from "./daily.js";
export type * from "./dashboard.js";
export type * from "./exploration.js";
export type * from "./groups.js";
export type * from "./help.js";
export type * from "./leaderboard.js";
export type * from "./notice.js";
export type * from "./review.js";
export type * from "./round.js";
export type * from "./snippets.js";
export type * from "./stats.js";

/** Everything the bot can show. Add a feature's views here; every platform's presenter must handle them. */
export type View =
  | QuestionView
  | AnswerAckView
  | RoundSummaryView
  | RoundStartedView
  | NoticeView
  | HelpView
  | ReviewCardView
  | ReviewSummaryView
  | ReviewSettingsView
  | ReviewReminderView
  | ParameterFitView
  | StatsView
  | LeaderboardView
  | GroupOutcomeView
  | GroupListView
  | ScheduleAddedView
  | ScheduleListView
  | ScheduleOutcomeView
  | SnippetCardsView
  | ScheduleProblemView
  | SnippetRunView
  | SnippetTimingView
  | SnippetTimingComparisonView
  | SnippetDeterminismView
  | SnippetComparisonView
  | SnippetExplorationView
  | ChallengeResultView
  | SnippetRefusedView
  | SnippetReviewView
  | DashboardLinkView;
