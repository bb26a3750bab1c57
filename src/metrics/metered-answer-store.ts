import type { AnswerFacts, RoundAnswerStore } from "../domain/ports/round-store.js";
import type { Metrics } from "./metrics.js";

/**
 * The answer store with every `recordAnswer` counted by outcome, and timed from the answer's arrival
 * (`answeredAt`, when the platform delivered it) to its being stored. Every other method passes through.
 */
export function meteredAnswerStore(inner: RoundAnswerStore, metrics: Metrics): RoundAnswerStore {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property !== "recordAnswer") {
        // Bound to the store itself, so its methods never see the proxy as `this`.
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return async (answer: AnswerFacts) => {
        const platform = answer.user.platform;
        try {
          const recorded = await target.recordAnswer(answer);
          metrics.answers.inc({ platform, outcome: recorded.ok ? "recorded" : recorded.error });
          if (recorded.ok) {
            metrics.answerSeconds.observe({ platform }, (Date.now() - answer.answeredAt.getTime()) / 1000);
          }
          return recorded;
        } catch (error) {
          metrics.answers.inc({ platform, outcome: "failed" });
          throw error;
        }
      };
    },
  });
}
