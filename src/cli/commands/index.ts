import type { CliCommand } from "../command.js";
import { checkCommand } from "./check.js";
import { discordCommand } from "./discord.js";
import { exploreCommand } from "./explore.js";
import { migrateCommand } from "./migrate.js";
import { packCommand } from "./pack.js";
import { reviewCommand } from "./review.js";
import { runCommand } from "./run.js";
import { runnerCommand } from "./runner.js";
import { startCommand } from "./start.js";
import { timeitCommand } from "./timeit.js";
import { validateCommand } from "./validate.js";

/** Every `quizbot` subcommand, in the order `--help` lists them. Add new commands here. */
export const commands: readonly CliCommand[] = [
  startCommand,
  migrateCommand,
  validateCommand,
  runCommand,
  timeitCommand,
  checkCommand,
  packCommand,
  exploreCommand,
  reviewCommand,
  runnerCommand,
  discordCommand,
];
