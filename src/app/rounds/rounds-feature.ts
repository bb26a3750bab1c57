import { isKnownTimeZone } from "../../config.js";
import type { ChannelSettingsStore } from "../../domain/ports/channel-settings-store.js";
import type { ButtonEvent, ChatPlatform, PlatformName, Responder } from "../../domain/ports/chat-platform.js";
import { optionKey, optionLabels } from "../../domain/rounds/answer-mode.js";
import { givenAnswer, parsePressedAnswer } from "../../domain/rounds/parse-pressed-answer.js";
import { parseTypedAnswer } from "../../domain/rounds/parse-typed-answer.js";
import { wellFormedText } from "../../domain/text/well-formed-text.js";
import type { Feature } from "../feature.js";
import type { QuestionCatalog } from "../question-catalog.js";
import { codeFormId, parseRoundAction, parseTextFormId, textFormId } from "./round-actions.js";
import type { RoundAnswerOutcome, RoundEngine } from "./round-engine.js";
import { shownOrder } from "./round-views.js";

export interface RoundsFeatureDeps {
  readonly engine: RoundEngine;
  readonly catalog: QuestionCatalog;
  readonly channelSettings: ChannelSettingsStore;
  readonly platforms: ReadonlyMap<PlatformName, ChatPlatform>;
  readonly defaultQuestionCount: number;
}

/** `/quiz start|stop|config`, answer buttons, the text-answer form and typed answers. */
export function roundsFeature(deps: RoundsFeatureDeps): Feature {
  const { engine } = deps;

  async function reply(respond: Responder, outcome: RoundAnswerOutcome): Promise<void> {
    if (outcome.type === "recorded") {
      await respond.private({
        kind: "answer_ack",
        position: outcome.position,
        given: outcome.given,
        correct: outcome.correct,
        points: outcome.points,
      });
      return;
    }
    await respond.private({ kind: "notice", notice: { code: outcome.reason } });
  }

  async function answerButton(event: ButtonEvent, parts: readonly string[]): Promise<void> {
    const action = parseRoundAction(parts);
    const found = action ? await engine.roundQuestion(action.roundQuestionId) : undefined;
    if (!action || !found) {
      await event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
      return;
    }
    const { question, record } = found;
    const order = shownOrder(question, record);
    if (action.type === "code_form") {
      if (record.closedAt !== null || question.kind !== "challenge") {
        await event.reply.private({ kind: "notice", notice: { code: "question_closed" } });
        return;
      }
      await event.reply.openForm({
        formId: codeFormId(record.id),
        title: `Challenge ${record.position + 1}`,
        fields: [
          {
            id: "code",
            label: "Your solution (Python)",
            multiline: true,
            initial: question.starter,
            maxLength: 4000,
          },
        ],
      });
      return;
    }
    if (action.type === "text_form") {
      if (record.closedAt !== null) {
        await event.reply.private({ kind: "notice", notice: { code: "question_closed" } });
        return;
      }
      await event.reply.openForm({
        formId: textFormId(record.id),
        title: `Question ${record.position + 1}`,
        fields: [
          { id: "answer", label: "Your answer", multiline: question.kind === "output", maxLength: 500 },
        ],
      });
      return;
    }
    const press =
      action.type === "choice"
        ? ({ type: "choice", index: action.index } as const)
        : ({ type: "multi", keys: event.values ?? [] } as const);
    const parsed = parsePressedAnswer(question, order, press);
    if (!parsed.ok) {
      await event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
      return;
    }
    const outcome = await engine.answer({
      target: found,
      place: event.place,
      user: event.user,
      ...parsed.value,
      receivedAt: event.receivedAt,
    });
    await reply(event.reply, outcome);
  }

  return {
    name: "rounds",
    commands: {
      "quiz start": async (event) => {
        const settings = await deps.channelSettings.get(event.place);
        const topic = typeof event.options.topic === "string" ? event.options.topic : undefined;
        const count =
          typeof event.options.questions === "number" ? event.options.questions : deps.defaultQuestionCount;
        const mode =
          event.options.mode === "first_correct" || event.options.mode === "everyone"
            ? event.options.mode
            : (settings.mode ?? "everyone");
        const seconds =
          typeof event.options.seconds === "number" ? event.options.seconds : settings.questionSeconds;
        const started = await engine.startRound({
          place: event.place,
          startedBy: event.user,
          ...(topic ? { topic } : {}),
          questionCount: count,
          mode,
          ...(seconds !== undefined ? { seconds } : {}),
        });
        if (!started.ok) {
          const problem = started.error;
          await event.reply.private({
            kind: "notice",
            notice:
              problem.code === "no_questions"
                ? { code: "no_questions", filter: problem.filter }
                : {
                    code: "round_running",
                    position: Math.max(0, problem.round.currentPosition),
                    total: problem.round.questionCount,
                    startedBy: problem.round.startedByName ?? "someone",
                  },
          });
          return;
        }
        const round = started.value;
        const packTitle = round.packId
          ? (deps.catalog.pack(round.packId)?.title ?? round.packId)
          : "several packs";
        await event.reply.public({
          kind: "round_started",
          startedBy: event.user.displayName,
          questionCount: round.questionCount,
          seconds: round.secondsPerQuestion,
          mode: round.mode,
          packTitle,
          ...(round.topic ? { topic: round.topic } : {}),
        });
        await engine.begin(round.id);
      },
      "quiz stop": async (event) => {
        const stopped = await engine.stopRound(event.place, event.user);
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
      },
      "quiz config": async (event) => {
        if (!event.user.isAdmin) {
          await event.reply.private({
            kind: "notice",
            notice: { code: "not_allowed", needed: "admin" },
          });
          return;
        }
        const { seconds, mode, timezone } = event.options;
        if (typeof timezone === "string" && !isKnownTimeZone(timezone)) {
          await event.reply.private({
            kind: "notice",
            notice: {
              code: "invalid_option",
              option: "timezone",
              expected: "an IANA time zone such as Europe/Berlin",
            },
          });
          return;
        }
        const saved = await deps.channelSettings.update(event.place, {
          ...(typeof seconds === "number" ? { questionSeconds: seconds } : {}),
          ...(mode === "everyone" || mode === "first_correct" ? { mode } : {}),
          ...(typeof timezone === "string" ? { timeZone: timezone } : {}),
        });
        const summary = [
          `${saved.questionSeconds ?? "pack default"} s per question`,
          `mode ${saved.mode ?? "everyone"}`,
          `time zone ${saved.timeZone ?? "server default"}`,
        ].join(", ");
        await event.reply.private({ kind: "notice", notice: { code: "config_saved", summary } });
      },
    },
    actions: { q: answerButton },
    forms: {
      q: async (event, parts) => {
        const roundQuestionId = parseTextFormId(parts);
        const text = wellFormedText(event.fields.answer ?? "")
          .trim()
          .slice(0, 500);
        const target =
          roundQuestionId === undefined || text === ""
            ? undefined
            : await engine.roundQuestion(roundQuestionId);
        if (!target) {
          await event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
          return;
        }
        const outcome = await engine.answer({
          target,
          place: event.place,
          user: event.user,
          response: { type: "text", text },
          given: text.slice(0, 100),
          receivedAt: event.receivedAt,
        });
        await reply(event.reply, outcome);
      },
    },
    onMessage: async (event) => {
      const current = await engine.currentQuestion(event.place);
      if (!current) return false;
      const platform = deps.platforms.get(event.place.platform);
      const typedChoices = !platform?.capabilities.buttons;
      const { question, record } = current;
      const isText = question.kind === "text" || (question.kind === "output" && question.ask === "text");
      if (!isText && !typedChoices) return false;
      const order = shownOrder(question, record);
      const parsed = parseTypedAnswer(question, order, wellFormedText(event.text));
      if (!parsed.ok) {
        const count = optionLabels(question).length;
        await event.reply.private({
          kind: "notice",
          notice: {
            code: "invalid_option",
            option: event.text.slice(0, 40),
            expected:
              question.kind === "multi"
                ? `every correct letter from A to ${optionKey(count - 1)}, e.g. "A C"`
                : `a letter from A to ${optionKey(count - 1)}`,
          },
        });
        return true;
      }
      const response = parsed.value;
      const outcome = await engine.answer({
        target: current,
        place: event.place,
        user: event.user,
        response,
        given: givenAnswer(response, order),
        receivedAt: event.receivedAt,
      });
      await reply(event.reply, outcome);
      return true;
    },
    autocomplete: {
      topic: async (event) => {
        const partial = event.partial.toLowerCase();
        await event.respond(
          deps.catalog
            .topics()
            .filter((topic) => topic.includes(partial))
            .slice(0, 25)
            .map((topic) => ({ name: topic, value: topic })),
        );
      },
    },
  };
}
