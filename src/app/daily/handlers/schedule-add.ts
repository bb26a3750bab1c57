import type { CommandEvent } from "../../../domain/ports/chat-platform.js";
import { playableQuestions } from "../../../domain/rounds/pick-questions.js";
import { answerClosesAt } from "../../../domain/schedules/answer-window.js";
import { checkSchedule } from "../../../domain/schedules/check-schedule.js";
import { nextSlot } from "../../../domain/schedules/slots.js";
import { parseWhen } from "../../../domain/schedules/when.js";
import { addOptions } from "../add-options.js";
import { type DailyFeatureDeps, requireAdmin, scheduleLine } from "./deps.js";

/** `/quiz schedule add`: checks the when, zone and pack before anything is stored, then confirms in public. */
export function scheduleAdd(deps: DailyFeatureDeps) {
  return async (event: CommandEvent): Promise<void> => {
    if (!(await requireAdmin(event))) return;
    const options = addOptions(event.options);
    if (!options.ok) {
      await event.reply.private({ kind: "notice", notice: options.error });
      return;
    }
    const { when, pack, questions } = options.value;
    const parsed = parseWhen(when);
    if (!parsed.ok) {
      await event.reply.private({ kind: "schedule_problem", problem: parsed.error });
      return;
    }
    const fields = deps.cron.parse(parsed.value.cron);
    if (!fields.ok) {
      await event.reply.private({ kind: "schedule_problem", problem: fields.error });
      return;
    }
    const timeZone =
      options.value.timezone ??
      (await deps.channelSettings.get(event.place)).timeZone ??
      deps.defaultTimeZone;
    const now = deps.clock.now();
    const checked = checkSchedule({ cron: parsed.value.cron, fields: fields.value, timeZone, now });
    if (!checked.ok) {
      await event.reply.private({ kind: "schedule_problem", problem: checked.error });
      return;
    }
    // Daily posts leave challenges out of the check: whether a runner exists is the engine's concern.
    if (
      pack &&
      playableQuestions(deps.catalog.questions(), { topic: pack, challenges: false }).length === 0
    ) {
      await event.reply.private({
        kind: "notice",
        notice: { code: "no_questions", filter: pack, schedule: true },
      });
      return;
    }
    const closeBeforeNextMinutes = options.value.closeBefore ?? deps.closeBeforeNextMinutes ?? 60;
    const schedule = await deps.store.add({
      place: event.place,
      cron: parsed.value.cron,
      description: parsed.value.description,
      timeZone,
      packId: pack ?? null,
      questionCount: questions ?? 1,
      closeBeforeNextMinutes,
      createdBy: event.user,
      createdAt: now,
    });
    const { firstSlot } = checked.value;
    await event.reply.public({
      kind: "schedule_added",
      schedule: scheduleLine(deps.cron, schedule, now),
      firstSlot,
      firstClosesAt: answerClosesAt(
        firstSlot,
        nextSlot(fields.value, timeZone, firstSlot),
        closeBeforeNextMinutes,
      ),
    });
  };
}
