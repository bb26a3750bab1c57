import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkDeterminism } from "../../app/snippets/check-determinism.js";
import { compareInterpreters } from "../../app/snippets/compare-interpreters.js";
import { type Environment, loadConfig } from "../../config.js";
import type { RunResult } from "../../domain/ports/code-runner.js";
import {
  type CodeRunnerOptions,
  codeRunnerOptionsFrom,
  createCodeRunner,
  type FoundInterpreter,
  interpretersFrom,
  maxStdinBytes,
} from "../../runner/index.js";
import { type CliCommand, type CliContext, UsageError } from "../command.js";
import { reportComparison, reportInterpreters, reportRun } from "./run-report.js";

const backends = ["auto", "bwrap", "pyodide", "off"] as const;
type BackendChoice = (typeof backends)[number];

/** `quizbot run`: runs a Python file in the sandbox the bot uses, for operators and pack authors. */
export const runCommand: CliCommand = {
  name: "run",
  summary: "Run a Python file (or - for stdin) in the snippet sandbox and print the result",
  usage: [
    "[--json] [--backend auto|bwrap|pyodide|off] [--python NAME] [--repeat N] [--input FILE] [--output-dir DIR] FILE|-",
    "--compare [--json] [--input FILE] FILE|-",
    "--interpreters [--json]",
  ].join("\n       quizbot run "),
  help: {
    json: "print one JSON object with the result fields",
    backend: "sandbox to use (default: RUNNER_BACKEND)",
    python: "interpreter to run on, by name (see --interpreters; default: RUNNER_PYTHON)",
    compare: "run on every interpreter and compare outputs, status, wall and CPU time",
    interpreters: "list the interpreters this machine offers (each proved with one sandboxed run)",
    repeat: "run N times and report whether the outputs differed",
    input: "standard input for the program (what input() reads; at most 20 KiB)",
    "output-dir": "save the files the program writes under ./output/ (at most 8, 1 MiB in all) into DIR",
  },
  options: {
    json: { type: "boolean" },
    backend: { type: "string" },
    python: { type: "string" },
    compare: { type: "boolean" },
    interpreters: { type: "boolean" },
    repeat: { type: "string" },
    input: { type: "string" },
    "output-dir": { type: "string" },
  },
  allowPositionals: true,
  async run(context) {
    const json = context.values.json === true;
    const env = loadConfig(context.env).env;
    const base = codeRunnerOptionsFrom(env);
    const backend = parseBackend(context.values.backend) ?? base.backend;
    if (context.values.interpreters === true) {
      if (context.positionals.length > 0) throw new UsageError("--interpreters takes no FILE");
      return listInterpreters(context, env, { ...base, backend, warmPool: 0, zygote: false }, json);
    }
    const [source, ...extra] = context.positionals;
    if (source === undefined || extra.length > 0) throw new UsageError("expected one FILE or -");
    const repeat = parseRepeat(context.values.repeat);
    const compare = context.values.compare === true;
    const python = typeof context.values.python === "string" ? context.values.python : undefined;
    if (compare && (python !== undefined || repeat > 1)) {
      throw new UsageError("--compare runs every interpreter once: leave out --python and --repeat");
    }
    const code = source === "-" ? await readAll(context.stdin) : await readFile(source, "utf8");
    const stdin = await readInput(context, source);
    // Finding every interpreter costs a start of each; a plain run needs only RUNNER_PYTHON.
    const found = compare || python !== undefined ? (await interpretersFrom(env)).found : undefined;
    const interpreters = found && (compare ? found : [pick(found, python)]);
    const runner = await createCodeRunner({
      ...base,
      backend,
      ...(interpreters ? { interpreters } : {}),
      // One run gains nothing from a warm sandbox or from zygotes, which cost more to start than one
      // bwrap (about a second more for `quizbot run` at load 12); repeated runs do.
      warmPool: repeat > 1 ? Math.min(base.warmPool, repeat - 1) : 0,
      zygote: repeat > 1 && base.zygote !== false,
    });
    try {
      if (compare) {
        const outcomes = await compareInterpreters(runner, runner.interpreters(), { code, ...stdin });
        reportComparison(context, outcomes, json);
        return outcomes.every((outcome) => outcome.result.status === "ok") ? 0 : 1;
      }
      const determinism = await checkDeterminism(runner, { code, ...stdin }, repeat);
      const [first] = determinism.runs;
      if (!first) return 1;
      await saveFiles(context, first);
      reportRun(context, first, repeat > 1 ? determinism : null, json);
      return determinism.runs.every((run) => run.status === "ok") ? 0 : 1;
    } finally {
      await runner.close();
    }
  },
};

async function listInterpreters(
  context: CliContext,
  env: Environment,
  options: CodeRunnerOptions,
  json: boolean,
): Promise<number> {
  const search = await interpretersFrom(env);
  const runner = await createCodeRunner({ ...options, interpreters: search.found });
  try {
    reportInterpreters(context, runner.interpreters(), search.found, search.skipped, json);
    return 0;
  } finally {
    await runner.close();
  }
}

/** The interpreter named by --python, or the default (the first found). */
function pick(found: readonly FoundInterpreter[], name: string | undefined): FoundInterpreter {
  const chosen = name === undefined ? found[0] : found.find((candidate) => candidate.name === name);
  if (chosen) return chosen;
  const names = found.map((candidate) => candidate.name).join(", ");
  throw new UsageError(
    name === undefined
      ? "no Python interpreter found"
      : `no interpreter named ${name} (found: ${names || "none"})`,
  );
}

/** `--output-dir DIR`: the run's files, written there (the folder is made if need be). */
async function saveFiles(context: CliContext, result: RunResult): Promise<void> {
  const folder = context.values["output-dir"];
  if (typeof folder !== "string" || !result.files?.length) return;
  await mkdir(folder, { recursive: true });
  // The names were checked to be plain file names (output-files.ts): none leaves the folder.
  for (const file of result.files) await writeFile(path.join(folder, file.name), file.data);
}

/** `--input FILE`: the program's standard input; `-` cannot be both the program and its input. */
async function readInput(context: CliContext, source: string): Promise<{ stdin?: string }> {
  const value = context.values.input;
  if (typeof value !== "string") return {};
  if (value === "-" && source === "-")
    throw new UsageError("--input - needs the program in a FILE, not on stdin");
  const text = value === "-" ? await readAll(context.stdin) : await readFile(value, "utf8");
  if (Buffer.byteLength(text, "utf8") > maxStdinBytes) {
    throw new UsageError(`--input is larger than ${maxStdinBytes / 1024} KiB, the limit of standard input`);
  }
  return { stdin: text };
}

function parseRepeat(value: unknown): number {
  if (value === undefined) return 1;
  const repeat = Number(value);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) {
    throw new UsageError("--repeat expects a whole number from 1 to 1000");
  }
  return repeat;
}

function parseBackend(value: unknown): BackendChoice | undefined {
  if (value === undefined) return undefined;
  const choice = backends.find((backend) => backend === value);
  if (!choice) throw new UsageError(`--backend expects one of ${backends.join(", ")}`);
  return choice;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}
