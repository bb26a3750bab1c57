import type { ChannelSettingsStore } from "../../domain/ports/channel-settings-store.js";
import type { CommandEvent, OptionValue } from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type { DailySchedule, ScheduleStore } from "../../domain/ports/schedule-store.js";
import type { ScheduleLine } from "../../domain/ports/views/daily.js";
import { err, ok, type Result } from "../../domain/result.js";
import { playableQuestions } from "../../domain/rounds/pick-questions.js";
import { answerClosesAt } from "../../domain/schedules/answer-window.js";
import { checkSchedule } from "../../domain/schedules/check-schedule.js";
import { nextSlot } from "../../domain/schedules/slots.js";
import { parseWhen, splitWhen } from "../../domain/schedules/when.js";
import type { Feature } from "../feature.js";
import type { QuestionCatalog } from "../question-catalog.js";
import { parseCronFields } from "./cron-fields.js";
import type { DailyScheduler } from "./daily-scheduler.js";

export interface DailyFeatureDeps {
  readonly store: ScheduleStore;
  readonly scheduler: DailyScheduler;
  readonly catalog: QuestionCatalog;
  readonly channelSettings: ChannelSettingsStore;
  readonly clock: Clock;
  /** DEFAULT_TIMEZONE, for channels without a `/quiz config` zone. */
  readonly defaultTimeZone: string;
  /** Minutes before the next post at which answers close (the schema's default, 60). */
  readonly closeBeforeNextMinutes?: number;
}

interface AddOptions {
  readonly when: string;
  readonly pack?: string;
  readonly questions?: number;
  readonly timezone?: string;
  readonly closeBefore?: number;
}

/** `/quiz schedule add|list|pause|resume|remove`: daily quizzes, managed by channel admins. */
export function dailyFeature(deps: DailyFeatureDeps): Feature {
  const { store, clock } = deps;

  async function requireAdmin(event: CommandEvent): Promise<boolean> {
    if (event.user.isAdmin) return true;
    await event.reply.private({
      kind: "notice",
      notice: { code: "not_allowed", needed: "admin" },
    });
    return false;
  }

  function line(schedule: DailySchedule, now: Date): ScheduleLine {
    const fields = parseCronFields(schedule.cron);
    const upcoming =
      fields.ok && !schedule.paused ? nextSlot(fields.value, schedule.timeZone, now) : undefined;
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

  async function setPaused(event: CommandEvent, paused: boolean): Promise<void> {
    if (!(await requireAdmin(event))) return;
    const id = Number(event.options.id);
    const wasPaused = (await store.list(event.place)).some(
      (schedule) => schedule.id === id && schedule.paused,
    );
    const changed = await store.setPaused(event.place, id, paused);
    if (!changed) {
      await event.reply.private({ kind: "schedule_outcome", outcome: "not_found", id });
      return;
    }
    if (!paused && wasPaused) await deps.scheduler.resumed(changed, clock.now());
    await event.reply.public({ kind: "schedule_outcome", outcome: paused ? "paused" : "resumed", id });
  }

  return {
    name: "daily",
    commands: {
      "quiz schedule add": async (event) => {
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
        const fields = parseCronFields(parsed.value.cron);
        if (!fields.ok) {
          await event.reply.private({ kind: "schedule_problem", problem: fields.error });
          return;
        }
        const timeZone =
          options.value.timezone ??
          (await deps.channelSettings.get(event.place)).timeZone ??
          deps.defaultTimeZone;
        const now = clock.now();
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
        const schedule = await store.add({
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
          schedule: line(schedule, now),
          firstSlot,
          firstClosesAt: answerClosesAt(
            firstSlot,
            nextSlot(fields.value, timeZone, firstSlot),
            closeBeforeNextMinutes,
          ),
        });
      },
      "quiz schedule list": async (event) => {
        const now = clock.now();
        const schedules = await store.list(event.place);
        await event.reply.private({
          kind: "schedule_list",
          schedules: schedules.map((schedule) => line(schedule, now)),
        });
      },
      "quiz schedule pause": (event) => setPaused(event, true),
      "quiz schedule resume": (event) => setPaused(event, false),
      "quiz schedule remove": async (event) => {
        if (!(await requireAdmin(event))) return;
        const id = Number(event.options.id);
        const removed = await store.remove(event.place, id, clock.now());
        await (removed ? event.reply.public : event.reply.private)({
          kind: "schedule_outcome",
          outcome: removed ? "removed" : "not_found",
          id,
        });
      },
    },
    start: () => deps.scheduler.start(),
    stop: () => deps.scheduler.stop(),
  };
}

type OptionProblem = { readonly code: "invalid_option"; readonly option: string; readonly expected: string };

/**
 * The add command's options. Typed text (Slack, the console) delivers the whole line as `when`
 * (`weekdays 09:00 asyncio 3 Europe/Berlin`); what follows the `when` fills pack, questions and time zone
 * and answers' close in order, or by name (`timezone:Europe/Berlin`, `close_before:30`). Discord delivers each option on its own.
 */
export function addOptions(raw: Readonly<Record<string, OptionValue>>): Result<AddOptions, OptionProblem> {
  const { when, rest } = splitWhen(String(raw.when ?? ""));
  const given: Record<string, string | number> = {};
  for (const name of ["pack", "questions", "timezone", "close_before"] as const) {
    const value = raw[name];
    if (typeof value === "string" || typeof value === "number") given[name] = value;
  }
  const positional = ["pack", "questions", "timezone", "close_before"].filter((name) => !(name in given));
  for (const word of rest) {
    const named = /^(pack|questions|timezone|close_before)[:=](.+)$/.exec(word);
    // A time zone is recognised wherever it stands (`weekdays 09:00 Europe/Berlin asyncio`), so it is
    // never taken for the pack; a word shaped like one (Area/City) that no zone matches is a time zone
    // that was mistyped, and is checked and refused as one.
    const zoneLike = !named && !("timezone" in given) && looksLikeTimeZone(word);
    if (zoneLike) {
      given.timezone = word;
      positional.splice(positional.indexOf("timezone"), 1);
      continue;
    }
    const name = named?.[1] ?? positional.shift();
    if (!name) {
      return err({
        code: "invalid_option",
        option: word,
        expected: "/quiz schedule add <when> [pack] [questions] [timezone] [close_before]",
      });
    }
    given[name] = named?.[2] ?? word;
  }
  const questions = given.questions === undefined ? undefined : Number(given.questions);
  if (questions !== undefined && !(Number.isInteger(questions) && questions >= 1 && questions <= 10)) {
    return err({
      code: "invalid_option",
      option: "questions",
      expected: "a whole number from 1 to 10 (for example 3)",
    });
  }
  const closeBefore = given.close_before === undefined ? undefined : Number(given.close_before);
  if (
    closeBefore !== undefined &&
    !(Number.isInteger(closeBefore) && closeBefore >= 0 && closeBefore <= 1440)
  ) {
    return err({
      code: "invalid_option",
      option: "close_before",
      expected: "minutes before the next post, a whole number from 0 to 1440 (for example 60)",
    });
  }
  return ok({
    when,
    ...(closeBefore !== undefined ? { closeBefore } : {}),
    ...(given.pack !== undefined ? { pack: String(given.pack) } : {}),
    ...(questions !== undefined ? { questions } : {}),
    ...(given.timezone !== undefined ? { timezone: String(given.timezone) } : {}),
  });
}

/** `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `UTC`, `Etc/GMT+2`: never a pack id or a topic. */
function looksLikeTimeZone(word: string): boolean {
  return /^[A-Za-z][A-Za-z_+-]*(\/[A-Za-z0-9_+-]+)+$/.test(word) || /^(UTC|GMT)$/i.test(word);
}
