import type { EventHandler, IncomingEvent } from "../domain/ports/chat-platform.js";
import type { Logger } from "../logger.js";
import { findCommand } from "../platforms/shared/commands.js";
import type { Feature } from "./feature.js";
import { isStorageOutage } from "./outage.js";

/**
 * Hands each incoming event to the feature that declared it. Nothing a member does may crash the
 * process: a failing handler is logged and the member gets a private "try again" or "internal error".
 */
export function createRouter(features: readonly Feature[], logger: Logger): EventHandler {
  const commands = new Map<string, (event: never) => Promise<void>>();
  const actions = new Map<string, Feature>();
  const forms = new Map<string, Feature>();
  for (const feature of features) {
    for (const [key, handler] of Object.entries(feature.commands ?? {})) {
      if (commands.has(key)) throw new Error(`command "${key}" is claimed twice`);
      commands.set(key, handler as (event: never) => Promise<void>);
    }
    for (const key of Object.keys(feature.actions ?? {})) actions.set(key, feature);
    for (const key of Object.keys(feature.forms ?? {})) forms.set(key, feature);
  }

  async function dispatch(event: IncomingEvent): Promise<void> {
    switch (event.type) {
      case "command": {
        const key = event.subcommand ? `${event.name} ${event.subcommand}` : event.name;
        const handler = commands.get(key);
        if (!handler) {
          await event.reply.private({ kind: "notice", notice: { code: "unknown_command", name: key } });
          return;
        }
        await (handler as (event: IncomingEvent) => Promise<void>)(event);
        return;
      }
      case "button": {
        const parts = event.actionId.split(":");
        const handler = actions.get(parts[0] ?? "")?.actions?.[parts[0] ?? ""];
        if (!handler) {
          await event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
          return;
        }
        await handler(event, parts);
        return;
      }
      case "form": {
        const parts = event.formId.split(":");
        const handler = forms.get(parts[0] ?? "")?.forms?.[parts[0] ?? ""];
        if (!handler) {
          await event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
          return;
        }
        await handler(event, parts);
        return;
      }
      case "message_command": {
        for (const feature of features) {
          const handler = feature.messageCommands?.[event.name];
          if (handler) return handler(event);
        }
        return;
      }
      case "message": {
        for (const feature of features) {
          if (feature.onMessage && (await feature.onMessage(event))) return;
        }
        return;
      }
      case "autocomplete": {
        const definition = findCommand(event.name);
        const option = (
          definition?.subcommands.find(
            (sub) => `${sub.group ? `${sub.group} ` : ""}${sub.name}` === event.subcommand,
          )?.options ?? definition?.options
        )?.find((candidate) => candidate.name === event.option);
        const kind = option?.autocomplete;
        for (const feature of features) {
          const handler = kind ? feature.autocomplete?.[kind] : undefined;
          if (handler) return handler(event);
        }
        await event.respond([]);
        return;
      }
    }
  }

  return async (event) => {
    try {
      await dispatch(event);
    } catch (error) {
      const outage = isStorageOutage(error);
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
