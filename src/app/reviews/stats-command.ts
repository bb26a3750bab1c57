import type { CommandEvent } from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type { ParameterStore } from "../../domain/ports/parameter-store.js";
import type { ReviewStorage } from "../../domain/ports/review-store.js";
import type { SnippetFindingLog } from "../../domain/ports/snippet-findings.js";
import type { StatsParameters, StatsView } from "../../domain/ports/views/stats.js";
import { memberFitThreshold } from "../../domain/reviews/fsrs-parameters.js";
import { timeZoneOf } from "../../domain/reviews/review-settings.js";
import { dueForecast, rankTopics, retentionRate, streaks } from "../../domain/reviews/review-stats.js";
import { addDays, localDateTime, startOfLocalDay } from "../../domain/time/local-time.js";

/** Gradings a tag needs before it counts as a strongest or weakest topic. */
export const minTopicCount = 5;
const forecastDays = 7;
/** The chart's forecast; the table shows the first week of it. */
const chartDays = 30;
const retentionWindowDays = 30;
/** Findings named under "In your snippets". */
const shownFindingRules = 3;

/** `/stats`: the member's own progress, privately, counted in their time zone. */
export async function statsCommand(
  store: Pick<ReviewStorage, "members" | "settings" | "stats">,
  parameters: ParameterStore,
  clock: Clock,
  event: CommandEvent,
  findings?: SnippetFindingLog,
): Promise<void> {
  const now = clock.now();
  const userId = await store.members.userIdOf(event.user);
  const zone = timeZoneOf(await store.settings.settings(userId));
  const today = localDateTime(now, zone).date;
  const since30 = new Date(now.getTime() - retentionWindowDays * 86_400_000);
  const facts = await store.stats.stats(
    userId,
    zone,
    now,
    // The forecast ends where the 30th local day ends.
    new Date(startOfLocalDay(addDays(today, chartDays), zone).getTime() - 1),
    since30,
  );
  const forecast30 = dueForecast(facts.dueByDay, today, chartDays);
  const forecast = forecast30.slice(0, forecastDays);
  const streak = streaks(facts.activeDays, today);
  const topics = rankTopics(facts.tags, minTopicCount, 3);
  const view: StatsView = {
    kind: "stats",
    dueToday: forecast[0]?.count ?? 0,
    duePerDay: forecast,
    duePerDay30: forecast30,
    reviewsDone: facts.reviewsDone,
    retention30: retentionRate(facts.recentReviews, facts.recentAgain),
    reviews30: facts.recentReviews,
    currentStreak: streak.current,
    longestStreak: streak.longest,
    streakFreezes: streak.freezes,
    strongest: topics.strongest,
    weakest: topics.weakest,
    minTopicCount,
    parameters: await parametersLine(parameters, userId, zone),
    ...(findings
      ? { snippetFindings: await findings.mostTriggered(userId, since30, shownFindingRules) }
      : {}),
  };
  await event.reply.private(view);
}

/** Which parameters schedule the member, and their own fit's held-out figures against the defaults. */
async function parametersLine(
  parameters: ParameterStore,
  userId: number,
  zone: string,
): Promise<StatsParameters> {
  const owner = { kind: "member", userId } as const;
  const [inUse, own, reviews] = await Promise.all([
    parameters.inUse(userId),
    parameters.latestFit(owner),
    parameters.reviewCount(owner),
  ]);
  return {
    source: inUse.source,
    since: inUse.source === "defaults" ? null : localDateTime(inUse.fittedAt, zone).date,
    ownFit: own
      ? {
          fittedOn: localDateTime(own.fittedAt, zone).date,
          accepted: own.accepted,
          fitted: own.fitted,
          defaults: own.defaults,
        }
      : null,
    reviews,
    threshold: memberFitThreshold,
  };
}
