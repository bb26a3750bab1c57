import { commandDefinitions, subcommandKey } from "../commands.js";
import type { RichMessage } from "../rich-message.js";

/** `/help` from the same definitions that registration sends. `helpName` is `quizhelp` on Slack. */
export function presentHelp(helpName = "help"): RichMessage {
  const lines: string[] = [];
  for (const command of commandDefinitions) {
    const name = command.name === "help" ? helpName : command.name;
    if (command.subcommands.length === 0) {
      const options = command.options.map((option) =>
        option.required ? ` <${option.name}>` : ` [${option.name}]`,
      );
      lines.push(`\`/${name}${options.join("")}\`: ${command.description}`);
      continue;
    }
    for (const subcommand of command.subcommands) {
      const options = subcommand.options.map((option) =>
        option.required ? ` <${option.name}>` : ` [${option.name}]`,
      );
      lines.push(`\`/${name} ${subcommandKey(subcommand)}${options.join("")}\`: ${subcommand.description}`);
    }
  }
  lines.push("`Run & review` (on a message with a Python code block): run it in the sandbox");
  return {
    title: "quizbot commands",
    tone: "info",
    blocks: [{ type: "text", markdown: lines.join("\n") }],
    fallback: "quizbot commands",
  };
}
