import type { Place } from "./chat-platform.js";

export interface ChannelSettings {
  readonly questionSeconds?: number;
  readonly mode?: "everyone" | "first_correct";
  readonly timeZone?: string;
}

/** `/quiz config` overrides per channel. */
export interface ChannelSettingsStore {
  get(place: Place): Promise<ChannelSettings>;
  update(place: Place, patch: ChannelSettings): Promise<ChannelSettings>;
}
