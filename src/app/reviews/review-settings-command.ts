import type { CommandEvent } from "../../domain/ports/chat-platform.js";
import type { ReviewStore } from "../../domain/ports/review-store.js";
import type { ReviewSettingsView } from "../../domain/ports/views/review.js";
import {
  applySettings,
  type ReviewSettings,
  type SettingsInput,
} from "../../domain/reviews/review-settings.js";

/** `/review settings`: change what was given, then tell the member privately what is now set. */
export async function reviewSettingsCommand(store: ReviewStore, event: CommandEvent): Promise<void> {
  const userId = await store.userIdOf(event.user);
  const current = await store.settings(userId);
  const options = event.options;
  const input: SettingsInput = {
    ...(typeof options.retention === "number" ? { retention: options.retention } : {}),
    ...(typeof options.new_per_day === "number" ? { newPerDay: options.new_per_day } : {}),
    ...(typeof options.timezone === "string" ? { timeZone: options.timezone } : {}),
    ...(typeof options.reminder === "string" ? { reminder: options.reminder } : {}),
  };
  const next = applySettings(current, input);
  if (!next.ok) {
    await event.reply.private({
      kind: "notice",
      notice: { code: "invalid_option", option: next.error.field, expected: next.error.expected },
    });
    return;
  }
  if (Object.keys(input).length > 0) await store.saveSettings(userId, next.value);
  await event.reply.private(settingsView(next.value));
}

function settingsView(settings: ReviewSettings): ReviewSettingsView {
  return {
    kind: "review_settings",
    retention: settings.desiredRetention,
    newPerDay: settings.newCardsPerDay,
    timeZone: settings.timeZone,
    reminderTime: settings.reminderTime,
    remindersEnabled: settings.remindersEnabled,
  };
}
