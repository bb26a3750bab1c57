import type { CliCommand } from "../command.js";
import { discordCommand } from "./discord.js";
import { validateCommand } from "./validate.js";

/** Every `quizbot` subcommand, in the order `--help` lists them. Add new commands here. */
export const commands: readonly CliCommand[] = [validateCommand, discordCommand];
