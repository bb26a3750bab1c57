import type { EventHandler, IncomingEvent } from "../domain/ports/chat-platform.js";
import type { FailureClassifier } from "../domain/ports/failure-code.js";
import type { Logger } from "../logger.js";
import type { Feature } from "./feature.js";
import { dispatch } from "./routing/dispatch.js";
import { routingTable } from "./routing/routing-table.js";

/**
 * Hands each incoming event to the feature that declared it. Nothing a member does may crash the
 * process: a failing handler is logged and the member gets a private "try again" (a failure `failureCode`
 * names `storage_unavailable`) or "internal error" (anything else).
 */
export function createRouter(
  features: readonly Feature[],
  logger: Logger,
  failureCode: FailureClassifier = () => undefined,
): EventHandler {
  const table = routingTable(features);
  return async (event) => {
    try {
      await dispatch(table, event);
    } catch (error) {
      const outage = failureCode(error) === "storage_unavailable";
      logger.error({ err: error, event: describe(event), outage }, "event handler failed");
      if (event.type === "autocomplete") {
        await event.respond([]).catch(() => {});
        return;
      }
      await event.reply
        .private({ kind: "notice", notice: { code: outage ? "try_again" : "internal_error" } })
        .catch((replyError: unknown) => logger.warn({ err: replyError }, "could not report a failure"));
    }
  };
}

function describe(event: IncomingEvent): Record<string, unknown> {
  const base = {
    type: event.type,
    platform: event.user.platform,
    user: event.user.id,
    channel: event.place.channelId,
  };
  switch (event.type) {
    case "command":
      return { ...base, name: event.name, subcommand: event.subcommand };
    case "button":
      return { ...base, actionId: event.actionId };
    case "form":
      return { ...base, formId: event.formId };
    default:
      return base;
  }
}
