import type { CommandEvent } from "../../../domain/ports/chat-platform.js";
import type { RoundsFeatureDeps } from "./deps.js";

/** `/quiz stop`: by the round's starter or a channel admin. */
export function quizStop(deps: RoundsFeatureDeps) {
  return async (event: CommandEvent) => {
    const stopped = await deps.engine.stopRound(event.place, event.user);
    if (!stopped.ok) {
      await event.reply.private({
        kind: "notice",
        notice:
          stopped.error === "no_round"
            ? { code: "no_round" }
            : { code: "not_allowed", needed: "starter_or_admin" },
      });
      return;
    }
    await event.reply.public({
      kind: "notice",
      notice: { code: "round_stopped", by: event.user.displayName },
    });
  };
}
