import type { ParseArgsConfig } from "node:util";

export type CliOptions = NonNullable<ParseArgsConfig["options"]>;

/** The process's streams and environment, replaceable in tests. */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

export interface CliContext {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

/** One `quizbot` subcommand. `run` resolves to the process exit code. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Usage line(s) after `quizbot <name>`, e.g. `[--json] FILE|-`. */
  readonly usage: string;
  /** Option descriptions for `--help`, keyed by option name. */
  readonly help: Readonly<Record<string, string>>;
  readonly options: CliOptions;
  readonly allowPositionals: boolean;
  run(context: CliContext): Promise<number>;
}

/** Thrown for a wrong invocation: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
