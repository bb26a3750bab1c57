import type { ChatPlatform } from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type { JobClaims } from "../../domain/ports/job-claims.js";
import type { ReviewStore } from "../../domain/ports/review-store.js";
import type { Logger } from "../../logger.js";
import type { Feature } from "../feature.js";
import type { JobClock } from "../jobs/job-clock.js";
import { ReviewReminders } from "./reminders.js";
import { ReviewSessions } from "./review-sessions.js";
import { reviewSettingsCommand } from "./review-settings-command.js";
import { statsCommand } from "./stats-command.js";

export interface ReviewFeatureDeps {
  readonly store: ReviewStore;
  readonly clock: Clock;
  readonly claims: JobClaims;
  readonly jobClock: JobClock;
  readonly platforms: readonly ChatPlatform[];
  readonly claimant: string;
  readonly logger: Logger;
}

/** Personal spaced repetition: `/review`, `/review settings`, `/stats`, the "rv" buttons and reminders. */
export function reviewFeature(deps: ReviewFeatureDeps): Feature & { readonly reminders: ReviewReminders } {
  const sessions = new ReviewSessions(deps.store, deps.clock);
  const reminders = new ReviewReminders(deps);
  const number = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text) ? Number(text) : -1);
  return {
    name: "reviews",
    reminders,
    commands: {
      "review start": (event) => sessions.start(event),
      "review settings": (event) => reviewSettingsCommand(deps.store, event),
      stats: (event) => statsCommand(deps.store, deps.clock, event),
    },
    actions: {
      // rv:start | rv:a:<session>:<position>:<value> | rv:s:<session>:<position> | rv:g:<session>:<position>:<grade> | rv:p:<session>
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
          default:
            return event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
        }
      },
    },
    async start() {
      reminders.start();
    },
    stop: () => reminders.stop(),
  };
}
