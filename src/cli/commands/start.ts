import { runBot } from "../../main.js";
import { type CliCommand, UsageError } from "../command.js";

export const startCommand: CliCommand = {
  name: "start",
  summary: "Run the bot: the terminal console by default, Discord and/or Slack when their tokens are set",
  usage: "[--platform console|discord|slack|all] [--question-seconds N] [--data-dir DIR]",
  help: {
    platform: "which platform(s) to run (default: from tokens; console when none is set)",
    "question-seconds": "seconds per question for every round (handy for scripted console sessions)",
    "data-dir": "where the embedded database lives when DATABASE_URL is not set (default ./data)",
  },
  options: {
    platform: { type: "string" },
    "question-seconds": { type: "string" },
    "data-dir": { type: "string" },
  },
  allowPositionals: false,
  async run(context) {
    const seconds = context.values["question-seconds"];
    let questionSeconds: number | undefined;
    if (typeof seconds === "string") {
      questionSeconds = Number(seconds);
      if (!Number.isInteger(questionSeconds) || questionSeconds < 3 || questionSeconds > 600) {
        throw new UsageError("--question-seconds expects a whole number from 3 to 600");
      }
    }
    const platform = context.values.platform;
    const dataDir = context.values["data-dir"];
    return runBot({
      env: context.env,
      stdin: context.stdin as NodeJS.ReadableStream & { isTTY?: boolean },
      stdout: context.stdout as NodeJS.WritableStream & { isTTY?: boolean },
      stderr: context.stderr,
      ...(typeof platform === "string" ? { platform } : {}),
      ...(questionSeconds !== undefined ? { questionSeconds } : {}),
      ...(typeof dataDir === "string" ? { dataDir } : {}),
    });
  },
};
