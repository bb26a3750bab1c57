import { and, eq, sql } from "drizzle-orm";
import type { ChannelSettings, ChannelSettingsStore } from "../../domain/ports/channel-settings-store.js";
import type { Place } from "../../domain/ports/chat-platform.js";
import type { Db } from "../database.js";
import { channelSettings } from "../schema/index.js";

export class DrizzleChannelSettingsStore implements ChannelSettingsStore {
  constructor(private readonly db: Db) {}

  async get(place: Place): Promise<ChannelSettings> {
    const [row] = await this.db
      .select()
      .from(channelSettings)
      .where(
        and(
          eq(channelSettings.platform, place.platform),
          eq(channelSettings.workspaceId, place.workspaceId),
          eq(channelSettings.channelId, place.channelId),
        ),
      );
    return row ? toSettings(row) : {};
  }

  async update(place: Place, patch: ChannelSettings): Promise<ChannelSettings> {
    const values = {
      ...(patch.questionSeconds !== undefined ? { questionSeconds: patch.questionSeconds } : {}),
      ...(patch.mode !== undefined ? { mode: patch.mode } : {}),
      ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
    };
    const [row] = await this.db
      .insert(channelSettings)
      .values({
        platform: place.platform,
        workspaceId: place.workspaceId,
        channelId: place.channelId,
        ...values,
      })
      .onConflictDoUpdate({
        target: [channelSettings.platform, channelSettings.workspaceId, channelSettings.channelId],
        set: { ...values, updatedAt: sql`now()` },
      })
      .returning();
    return row ? toSettings(row) : {};
  }
}

function toSettings(row: typeof channelSettings.$inferSelect): ChannelSettings {
  return {
    ...(row.questionSeconds !== null ? { questionSeconds: row.questionSeconds } : {}),
    ...(row.mode !== null ? { mode: row.mode } : {}),
    ...(row.timeZone !== null ? { timeZone: row.timeZone } : {}),
  };
}
