import type { ExpectedInput } from "../../domain/expected-input.js";
import type { CommandEvent } from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type { ParameterStore } from "../../domain/ports/parameter-store.js";
import type { ReviewStorage } from "../../domain/ports/review-store.js";
import type { ReviewSettingsView, WorkloadLine } from "../../domain/ports/views/review.js";
import {
  applySettings,
  type ReviewSettings,
  type SettingsInput,
  timeZoneOf,
} from "../../domain/reviews/review-settings.js";
import { isOver, parseVacation } from "../../domain/reviews/vacation.js";
import { simulateWorkload, workloadDays, workloadRetentions } from "../../domain/reviews/workload.js";
import { reviewActions } from "./card-view.js";
import { returnFromVacation, type VacationReturn } from "./vacation-return.js";

/**
 * `/review settings`: change what was given, then tell the member privately what is now set, with the
 * workload each retention would bring them. Nothing is saved unless every option given is valid.
 * `vacation:` goes away or comes back (`domain/reviews/vacation.ts`); coming back spreads the backlog.
 */
export async function reviewSettingsCommand(
  store: Pick<ReviewStorage, "members" | "settings" | "cards" | "vacation">,
  parameters: ParameterStore,
  clock: Clock,
  event: CommandEvent,
): Promise<void> {
  const now = clock.now();
  const userId = await store.members.userIdOf(event.user);
  let current = await store.settings.settings(userId);
  // A vacation whose end has passed is over whoever notices first: the member's next command does.
  let back = isOver(current.vacation, now)
    ? await returnFromVacation(store, parameters, userId, now)
    : undefined;
  if (back) current = await store.settings.settings(userId);
  const options = event.options;
  const input: SettingsInput = {
    ...(typeof options.retention === "number" ? { retention: options.retention } : {}),
    ...(typeof options.new_per_day === "number" ? { newPerDay: options.new_per_day } : {}),
    ...(typeof options.timezone === "string" ? { timeZone: options.timezone } : {}),
    ...(typeof options.reminder === "string" ? { reminder: options.reminder } : {}),
    ...(typeof options.snippet_cards === "boolean" ? { snippetCards: options.snippet_cards } : {}),
    ...(typeof options.easy_days === "string" ? { easyDays: options.easy_days } : {}),
  };
  const next = applySettings(current, input);
  if (!next.ok) return refuse(event, next.error.field, next.error.expected);
  const vacation =
    typeof options.vacation === "string"
      ? parseVacation(options.vacation, current.vacation, now, timeZoneOf(next.value))
      : undefined;
  if (vacation && !vacation.ok) return refuse(event, "vacation", vacation.error.expected);
  if (Object.keys(input).length > 0) await store.settings.saveSettings(userId, next.value);
  let settings = next.value;
  if (vacation?.value.kind === "away") {
    await store.vacation.goAway(userId, vacation.value.vacation);
    settings = { ...settings, vacation: vacation.value.vacation };
  } else if (vacation?.value.kind === "back" && current.vacation) {
    back = await returnFromVacation(store, parameters, userId, now);
    settings = { ...settings, vacation: null };
  }
  const workload = await workloadOf(store, parameters, userId, settings, now);
  await event.reply.private(settingsView(settings, workload, back));
}

/** Nothing is saved: the member hears privately which option was wrong and what it takes. */
async function refuse(event: CommandEvent, option: string, expected: ExpectedInput): Promise<void> {
  await event.reply.private({ kind: "notice", notice: { code: "invalid_option", option, expected } });
}

/** The member's own cards and weights, simulated for 30 days at each compared retention. */
async function workloadOf(
  store: Pick<ReviewStorage, "members" | "settings" | "cards">,
  parameters: ParameterStore,
  userId: number,
  settings: ReviewSettings,
  now: Date,
): Promise<WorkloadLine[]> {
  const [cards, unseen, inUse] = await Promise.all([
    store.cards.cards(userId),
    store.cards.unseenQuestions(userId, settings.newCardsPerDay * workloadDays),
    parameters.inUse(userId),
  ]);
  const closest = workloadRetentions.reduce((best, retention) =>
    Math.abs(retention - settings.desiredRetention) < Math.abs(best - settings.desiredRetention)
      ? retention
      : best,
  );
  return workloadRetentions.map((retention) => ({
    retention,
    perDay: simulateWorkload(
      {
        cards,
        ...(inUse.source === "defaults" ? {} : { weights: inUse.weights }),
        newPerDay: settings.newCardsPerDay,
        newAvailable: unseen.length,
        start: now,
        seed: userId,
      },
      retention,
    ),
    current: retention === closest,
  }));
}

function settingsView(
  settings: ReviewSettings,
  workload: readonly WorkloadLine[],
  back: VacationReturn | undefined,
): ReviewSettingsView {
  return {
    kind: "review_settings",
    retention: settings.desiredRetention,
    newPerDay: settings.newCardsPerDay,
    timeZone: settings.timeZone,
    reminderTime: settings.reminderTime,
    remindersEnabled: settings.remindersEnabled,
    snippetCards: settings.snippetCards,
    lightWeekdays: settings.lightWeekdays,
    vacation: settings.vacation ? { until: settings.vacation.until } : null,
    ...(back ? { backFromVacation: back } : {}),
    fitActionId: reviewActions.fit,
    workload,
  };
}
