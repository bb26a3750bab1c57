import type { Feature } from "../feature.js";
import { roundsCommands } from "./commands.js";
import { answerButton } from "./handlers/answer-button.js";
import { answerForm } from "./handlers/answer-form.js";
import type { RoundsFeatureDeps } from "./handlers/deps.js";
import { quizConfig } from "./handlers/quiz-config.js";
import { quizStart } from "./handlers/quiz-start.js";
import { quizStop } from "./handlers/quiz-stop.js";
import { topicAutocomplete } from "./handlers/topic-autocomplete.js";
import { typedAnswer } from "./handlers/typed-answer.js";

export type { RoundsFeatureDeps } from "./handlers/deps.js";

/** `/quiz start|stop|config`, answer buttons, the text-answer form and typed answers: one file each. */
export function roundsFeature(deps: RoundsFeatureDeps): Feature {
  return {
    name: "rounds",
    declares: roundsCommands,
    commands: { "quiz start": quizStart(deps), "quiz stop": quizStop(deps), "quiz config": quizConfig(deps) },
    actions: { q: answerButton(deps) },
    forms: { q: answerForm(deps) },
    onMessage: typedAnswer(deps),
    autocomplete: { topic: topicAutocomplete(deps) },
  };
}
