import type { ChannelSettingsStore } from "../../../domain/ports/channel-settings-store.js";
import type { ChatPlatform, PlatformName } from "../../../domain/ports/chat-platform.js";
import type { QuestionCatalog } from "../../question-catalog.js";
import type { RoundEngine } from "../round-engine.js";

export interface RoundsFeatureDeps {
  readonly engine: RoundEngine;
  readonly catalog: QuestionCatalog;
  readonly channelSettings: ChannelSettingsStore;
  readonly platforms: ReadonlyMap<PlatformName, ChatPlatform>;
  readonly defaultQuestionCount: number;
}
