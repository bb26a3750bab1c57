import type { ChatPlatform } from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type { JobClaims } from "../../domain/ports/job-claims.js";
import type { JobClock } from "../../domain/ports/job-clock.js";
import type { ParameterFitter } from "../../domain/ports/parameter-fitter.js";
import type { ParameterStore } from "../../domain/ports/parameter-store.js";
import type { ReviewStorage } from "../../domain/ports/review-store.js";
import type { SnippetFindingLog } from "../../domain/ports/snippet-findings.js";
import type { ParameterFitView } from "../../domain/ports/views/review.js";
import { memberFitThreshold } from "../../domain/reviews/fsrs-parameters.js";
import type { Logger } from "../../logger.js";
import type { Feature } from "../feature.js";
import { reviewCommands } from "./commands.js";
import { type FitRequestOutcome, ParameterFitting } from "./parameter-fitting.js";
import { ReviewReminders } from "./reminders.js";
import { ReviewSessions } from "./review-sessions.js";
import { reviewSettingsCommand } from "./review-settings-command.js";
import { statsCommand } from "./stats-command.js";

export interface ReviewFeatureDeps {
  readonly store: ReviewStorage;
  /** Fitted FSRS parameters: which schedule each member, and the fits behind them. */
  readonly parameters: ParameterStore;
  readonly fitter: ParameterFitter;
  readonly clock: Clock;
  readonly claims: JobClaims;
  readonly jobClock: JobClock;
  readonly platforms: readonly ChatPlatform[];
  readonly claimant: string;
  readonly logger: Logger;
  /** The review's findings in members' own snippets, for `/stats`. */
  readonly findings?: SnippetFindingLog;
}

/**
 * Personal spaced repetition: `/review`, `/review settings`, `/stats`, the "rv" buttons, reminders and
 * the weekly parameter fitting.
 */
export function reviewFeature(
  deps: ReviewFeatureDeps,
): Feature & { readonly reminders: ReviewReminders; readonly fitting: ParameterFitting } {
  const sessions = new ReviewSessions(deps.store, deps.parameters, deps.clock);
  const reminders = new ReviewReminders(deps);
  const fitting = new ParameterFitting(deps);
  const number = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text) ? Number(text) : -1);
  return {
    name: "reviews",
    declares: reviewCommands,
    reminders,
    fitting,
    commands: {
      "review start": (event) => sessions.start(event),
      "review settings": (event) => reviewSettingsCommand(deps.store, deps.parameters, deps.clock, event),
      stats: (event) => statsCommand(deps.store, deps.parameters, deps.clock, event, deps.findings),
    },
    actions: {
      // rv:start | rv:a:<session>:<position>:<value> | rv:s:<session>:<position> | rv:g:<session>:<position>:<grade> | rv:p:<session> | rv:fit
      rv: async (event, parts) => {
        const [, verb, session, position, value] = parts;
        switch (verb) {
          case "start":
            return sessions.start(event);
          case "a":
            return sessions.answer(event, number(session), number(position), value ?? "");
          case "s":
            return sessions.show(event, number(session), number(position));
          case "g":
            return sessions.grade(event, number(session), number(position), number(value));
          case "p":
            return sessions.pause(event, number(session));
          case "fit":
            return event.reply.private(
              fitView(
                await fitting.requestFit(await deps.store.members.userIdOf(event.user), deps.clock.now()),
              ),
            );
          default:
            return event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
        }
      },
    },
    async start() {
      reminders.start();
      fitting.start();
    },
    async stop() {
      await reminders.stop();
      await fitting.stop();
    },
  };
}

function fitView(outcome: FitRequestOutcome): ParameterFitView {
  return {
    kind: "parameter_fit",
    outcome: outcome.kind,
    reviews: outcome.kind === "too_few" ? outcome.reviews : 0,
    threshold: outcome.kind === "too_few" ? outcome.threshold : memberFitThreshold,
  };
}
