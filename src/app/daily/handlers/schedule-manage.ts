import type { CommandEvent } from "../../../domain/ports/chat-platform.js";
import { type DailyFeatureDeps, requireAdmin, scheduleLine } from "./deps.js";

/** `/quiz schedule list`: the channel's schedules, to the asker only. */
export function scheduleList(deps: DailyFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
    const now = deps.clock.now();
    const schedules = await deps.store.list(event.place);
    await event.reply.private({
      kind: "schedule_list",
      schedules: schedules.map((schedule) => scheduleLine(deps.cron, schedule, now)),
    });
  };
}

/** `/quiz schedule pause|resume`: a resumed schedule skips the slots that came while it was paused. */
export function scheduleSetPaused(deps: DailyFeatureDeps, paused: boolean) {
  return async (event: CommandEvent): Promise<void> => {
    if (!(await requireAdmin(event))) return;
    const id = Number(event.options.id);
    const wasPaused = (await deps.store.list(event.place)).some(
      (schedule) => schedule.id === id && schedule.paused,
    );
    const changed = await deps.store.setPaused(event.place, id, paused);
    if (!changed) {
      await event.reply.private({ kind: "schedule_outcome", outcome: "not_found", id });
      return;
    }
    if (!paused && wasPaused) await deps.scheduler.resumed(changed, deps.clock.now());
    await event.reply.public({ kind: "schedule_outcome", outcome: paused ? "paused" : "resumed", id });
  };
}

/** `/quiz schedule remove`. */
export function scheduleRemove(deps: DailyFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
    if (!(await requireAdmin(event))) return;
    const id = Number(event.options.id);
    const removed = await deps.store.remove(event.place, id, deps.clock.now());
    await (removed ? event.reply.public : event.reply.private)({
      kind: "schedule_outcome",
      outcome: removed ? "removed" : "not_found",
      id,
    });
  };
}
