import { type CommandDefinition, commandDefinitions } from "../shared/commands.js";

/** Slack reserves `/help` for itself, so quizbot's help is `/quizhelp` there. */
const slackNames: Readonly<Record<string, string>> = { help: "quizhelp" };

/** The callback id of the "Run & review" message shortcut, as registered in slack-app-manifest.yaml. */
export const runReviewCallbackId = "run_review";

/** `/quizhelp` for help, `/quiz` for quiz... */
export function slashCommandFor(command: Pick<CommandDefinition, "name">): string {
  return `/${slackNames[command.name] ?? command.name}`;
}

/** The command definition name behind a slash command Slack delivered, if it is one of ours. */
export function commandNameFor(slash: string): string | undefined {
  return commandDefinitions.find((command) => slashCommandFor(command) === slash)?.name;
}

/** Every slash command quizbot registers on Slack, derived from the shared definitions. */
export const slashCommands: readonly string[] = commandDefinitions.map(slashCommandFor);
