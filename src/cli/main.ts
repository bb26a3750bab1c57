import { existsSync, readFileSync } from "node:fs";
import { parseArgs, parseEnv } from "node:util";
import { ConfigError } from "../config.js";
import { type CliCommand, type CliIo, UsageError } from "./command.js";
import { commands } from "./commands/index.js";

/** Entry point of the `quizbot` command; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`quizbot: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: command.options,
      allowPositionals: command.allowPositionals,
      strict: true,
    });
    return await command.run({ values, positionals, ...io });
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`quizbot: ${error.message}\n`);
      return 78; // EX_CONFIG from sysexits.h: configuration error
    }
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`quizbot ${command.name}: ${(error as Error).message}\n\n${commandHelp(command)}`);
      return 2;
    }
    throw error;
  }
}

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `Usage: quizbot <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun "quizbot <command> --help" for a command's options.\n`;
}

function commandHelp(command: CliCommand): string {
  const options = Object.entries(command.options).map(([name, option]) => {
    const flag = `--${name}${option.short ? `, -${option.short}` : ""}${option.type === "string" ? " VALUE" : ""}`;
    return `  ${flag.padEnd(26)} ${command.help[name] ?? ""}`;
  });
  options.push(`  ${"--help, -h".padEnd(26)} show this help`);
  return `Usage: quizbot ${command.name} ${command.usage}\n\n${command.summary}\n\nOptions:\n${options.join("\n")}\n`;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

function defaultIo(): CliIo {
  return {
    env: withDotEnv(process.env),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  };
}

/** Variables from an optional `.env` in the working directory; the real environment wins. */
function withDotEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!existsSync(".env")) return env;
  return { ...parseEnv(readFileSync(".env", "utf8")), ...env };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, "/"));
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `quizbot: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
