import type { IncomingEvent } from "../../domain/ports/chat-platform.js";
import type { RoutingTable } from "./routing-table.js";

/** Hands one event to the handler its table names; an unknown command or id gets a private notice. */
export async function dispatch(table: RoutingTable, event: IncomingEvent): Promise<void> {
  switch (event.type) {
    case "command": {
      const key = event.subcommand ? `${event.name} ${event.subcommand}` : event.name;
      const handler = table.commands.get(key);
      if (!handler) {
        await event.reply.private({ kind: "notice", notice: { code: "unknown_command", name: key } });
        return;
      }
      await handler(event);
      return;
    }
    case "button":
    case "form": {
      const parts = (event.type === "button" ? event.actionId : event.formId).split(":");
      const prefix = parts[0] ?? "";
      const handled =
        event.type === "button"
          ? table.actions.get(prefix)?.(event, parts)
          : table.forms.get(prefix)?.(event, parts);
      if (!handled) {
        await event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
        return;
      }
      await handled;
      return;
    }
    case "message_command": {
      for (const feature of table.features) {
        const handler = feature.messageCommands?.[event.name];
        if (handler) return handler(event);
      }
      return;
    }
    case "message": {
      for (const feature of table.features) {
        if (feature.onMessage && (await feature.onMessage(event))) return;
      }
      return;
    }
    case "autocomplete": {
      const kind = event.kind;
      for (const feature of table.features) {
        const handler = kind ? feature.autocomplete?.[kind] : undefined;
        if (handler) return handler(event);
      }
      await event.respond([]);
      return;
    }
  }
}
