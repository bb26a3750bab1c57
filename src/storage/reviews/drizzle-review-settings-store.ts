import { eq, sql } from "drizzle-orm";
import type { PlatformName } from "../../domain/ports/chat-platform.js";
import type { ReminderMember, ReviewSettingsStore } from "../../domain/ports/review-store.js";
import { defaultReviewSettings, type ReviewSettings } from "../../domain/reviews/review-settings.js";
import type { Db } from "../database.js";
import { userSettings, users } from "../schema/index.js";

type SettingsRow = typeof userSettings.$inferSelect;

export class DrizzleReviewSettingsStore implements ReviewSettingsStore {
  constructor(private readonly db: Db) {}

  async settings(userId: number): Promise<ReviewSettings> {
    const [row] = await this.db.select().from(userSettings).where(eq(userSettings.userId, userId));
    return row ? toSettings(row) : defaultReviewSettings;
  }
  async saveSettings(userId: number, settings: ReviewSettings): Promise<void> {
    const values = {
      desiredRetention: settings.desiredRetention,
      newCardsPerDay: settings.newCardsPerDay,
      timeZone: settings.timeZone,
      reminderTime: settings.reminderTime,
      remindersEnabled: settings.remindersEnabled,
      snippetCards: settings.snippetCards,
      lightWeekdays: [...settings.lightWeekdays],
    };
    await this.db
      .insert(userSettings)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: userSettings.userId, set: { ...values, updatedAt: sql`now()` } });
  }
  async reminderMembers(): Promise<ReminderMember[]> {
    const rows = await this.db
      .select({ settings: userSettings, platform: users.platform, platformUserId: users.platformUserId })
      .from(userSettings)
      .innerJoin(users, eq(users.id, userSettings.userId))
      .where(eq(userSettings.remindersEnabled, true));
    return rows.map((row) => ({
      userId: row.settings.userId,
      platform: row.platform as PlatformName,
      platformUserId: row.platformUserId,
      settings: toSettings(row.settings),
    }));
  }
}

function toSettings(row: SettingsRow): ReviewSettings {
  return {
    desiredRetention: row.desiredRetention,
    newCardsPerDay: row.newCardsPerDay,
    timeZone: row.timeZone,
    // Postgres `time` reads back as HH:MM:SS.
    reminderTime: row.reminderTime === null ? null : row.reminderTime.slice(0, 5),
    remindersEnabled: row.remindersEnabled,
    snippetCards: row.snippetCards,
    lightWeekdays: row.lightWeekdays,
    vacation:
      row.vacationSince === null ? null : { since: row.vacationSince, until: row.vacationUntil ?? null },
  };
}
