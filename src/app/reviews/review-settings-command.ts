import type { CommandEvent } from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type { ParameterStore } from "../../domain/ports/parameter-store.js";
import type { ReviewStorage } from "../../domain/ports/review-store.js";
import type { ReviewSettingsView, WorkloadLine } from "../../domain/ports/views/review.js";
import {
  applySettings,
  type ReviewSettings,
  type SettingsInput,
} from "../../domain/reviews/review-settings.js";
import { simulateWorkload, workloadDays, workloadRetentions } from "../../domain/reviews/workload.js";
import { reviewActions } from "./card-view.js";

/**
 * `/review settings`: change what was given, then tell the member privately what is now set, with the
 * workload each retention would bring them.
 */
export async function reviewSettingsCommand(
  store: Pick<ReviewStorage, "members" | "settings" | "cards">,
  parameters: ParameterStore,
  clock: Clock,
  event: CommandEvent,
): Promise<void> {
  const userId = await store.members.userIdOf(event.user);
  const current = await store.settings.settings(userId);
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
  if (!next.ok) {
    await event.reply.private({
      kind: "notice",
      notice: { code: "invalid_option", option: next.error.field, expected: next.error.expected },
    });
    return;
  }
  if (Object.keys(input).length > 0) await store.settings.saveSettings(userId, next.value);
  const workload = await workloadOf(store, parameters, userId, next.value, clock.now());
  await event.reply.private(settingsView(next.value, workload));
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

function settingsView(settings: ReviewSettings, workload: readonly WorkloadLine[]): ReviewSettingsView {
  return {
    kind: "review_settings",
    retention: settings.desiredRetention,
    newPerDay: settings.newCardsPerDay,
    timeZone: settings.timeZone,
    reminderTime: settings.reminderTime,
    remindersEnabled: settings.remindersEnabled,
    snippetCards: settings.snippetCards,
    lightWeekdays: settings.lightWeekdays,
    fitActionId: reviewActions.fit,
    workload,
  };
}
