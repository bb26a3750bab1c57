import type { App } from "@slack/bolt";
import type { Notice } from "../../../domain/ports/views/notice.js";
import { type ParseProblem, parseCommandText } from "../../shared/parse-options.js";
import { commandNameFor } from "../slash-commands.js";
import type { ListenerContext } from "./context.js";

/** Slash commands: a bad option is answered in the acknowledgement itself. */
export function listenSlashCommands(app: App, context: ListenerContext): void {
  const { sender, members, now, dispatch, place, reply } = context;
  // https://docs.slack.dev/interactivity/implementing-slash-commands
  app.command(/^\/[a-z_-]+$/, async ({ command, ack, respond }) => {
    const name = commandNameFor(command.command);
    if (!name) {
      await ack(sender.responseBody(notice({ code: "unknown_command", name: command.command }), ephemeral));
      return;
    }
    const parsed = parseCommandText(name, command.text);
    if (!parsed.ok) {
      // Answered in the acknowledgement itself: the member sees at once what was expected.
      await ack(sender.responseBody(notice(problemNotice(parsed.error)), ephemeral));
      return;
    }
    await ack();
    const user = await members.get(command.user_id, command.user_name);
    const { subcommand, options } = parsed.value;
    await dispatch({
      type: "command",
      name,
      ...(subcommand ? { subcommand } : {}),
      options,
      text: command.text,
      user,
      place: place(command.team_id, command.channel_id),
      deliveryId: command.trigger_id,
      receivedAt: now(),
      reply: reply({
        workspaceId: command.team_id,
        channelId: command.channel_id,
        userId: command.user_id,
        respond,
        triggerId: command.trigger_id,
      }),
    });
  });
}

const ephemeral = { responseType: "ephemeral" } as const;

function notice(value: Notice) {
  return { kind: "notice", notice: value } as const;
}

function problemNotice(problem: ParseProblem): Notice {
  return problem.code === "unknown_command"
    ? { code: "unknown_command", name: problem.name }
    : { code: "invalid_option", option: problem.option, expected: problem.expected };
}
