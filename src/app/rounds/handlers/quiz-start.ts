import type { CommandEvent } from "../../../domain/ports/chat-platform.js";
import type { RoundsFeatureDeps } from "./deps.js";

/** `/quiz start`: a round with the channel's defaults, announced, then its first question. */
export function quizStart(deps: RoundsFeatureDeps) {
  return async (event: CommandEvent) => {
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
    const started = await deps.engine.startRound({
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
    await deps.engine.begin(round.id);
  };
}
