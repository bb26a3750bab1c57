import type { ChannelSettingsStore } from "../../../domain/ports/channel-settings-store.js";
import type { CommandEvent } from "../../../domain/ports/chat-platform.js";
import type { Clock } from "../../../domain/ports/clock.js";
import type { CronParser } from "../../../domain/ports/cron-parser.js";
import type { DailySchedule, ScheduleStore } from "../../../domain/ports/schedule-store.js";
import type { ScheduleLine } from "../../../domain/ports/views/daily.js";
import { answerClosesAt } from "../../../domain/schedules/answer-window.js";
import { nextSlot } from "../../../domain/schedules/slots.js";
import type { QuestionCatalog } from "../../question-catalog.js";
import type { DailyScheduler } from "../daily-scheduler.js";

export interface DailyFeatureDeps {
  readonly store: ScheduleStore;
  readonly scheduler: DailyScheduler;
  readonly catalog: QuestionCatalog;
  readonly channelSettings: ChannelSettingsStore;
  readonly clock: Clock;
  /** Reads a schedule's cron expression (node-cron's parser in production). */
  readonly cron: CronParser;
  /** DEFAULT_TIMEZONE, for channels without a `/quiz config` zone. */
  readonly defaultTimeZone: string;
  /** Minutes before the next post at which answers close (the schema's default, 60). */
  readonly closeBeforeNextMinutes?: number;
}

/** Schedules are managed by channel admins: anyone else is told so, privately. */
export async function requireAdmin(event: CommandEvent): Promise<boolean> {
  if (event.user.isAdmin) return true;
  await event.reply.private({
    kind: "notice",
    notice: { code: "not_allowed", needed: "admin" },
  });
  return false;
}

/** A schedule as the list shows it, with its next post and that post's close when it runs. */
export function scheduleLine(cron: CronParser, schedule: DailySchedule, now: Date): ScheduleLine {
  const fields = cron.parse(schedule.cron);
  const upcoming = fields.ok && !schedule.paused ? nextSlot(fields.value, schedule.timeZone, now) : undefined;
  return {
    id: schedule.id,
    description: schedule.description,
    cron: schedule.cron,
    timeZone: schedule.timeZone,
    pack: schedule.packId,
    questionCount: schedule.questionCount,
    closeBeforeNextMinutes: schedule.closeBeforeNextMinutes,
    paused: schedule.paused,
    ...(upcoming && fields.ok
      ? {
          nextSlot: upcoming,
          nextClosesAt: answerClosesAt(
            upcoming,
            nextSlot(fields.value, schedule.timeZone, upcoming),
            schedule.closeBeforeNextMinutes,
          ),
        }
      : {}),
  };
}
