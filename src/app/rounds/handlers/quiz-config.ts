import type { CommandEvent } from "../../../domain/ports/chat-platform.js";
import { isTimeZone } from "../../../domain/time/local-time.js";
import type { RoundsFeatureDeps } from "./deps.js";

/** `/quiz config`: the channel's defaults (admins). */
export function quizConfig(deps: RoundsFeatureDeps) {
  return async (event: CommandEvent) => {
    if (!event.user.isAdmin) {
      await event.reply.private({
        kind: "notice",
        notice: { code: "not_allowed", needed: "admin" },
      });
      return;
    }
    const { seconds, mode, timezone } = event.options;
    if (typeof timezone === "string" && !isTimeZone(timezone)) {
      await event.reply.private({
        kind: "notice",
        notice: {
          code: "invalid_option",
          option: "timezone",
          expected: { type: "time_zone" },
        },
      });
      return;
    }
    const saved = await deps.channelSettings.update(event.place, {
      ...(typeof seconds === "number" ? { questionSeconds: seconds } : {}),
      ...(mode === "everyone" || mode === "first_correct" ? { mode } : {}),
      ...(typeof timezone === "string" ? { timeZone: timezone } : {}),
    });
    await event.reply.private({ kind: "notice", notice: { code: "config_saved", settings: saved } });
  };
}
