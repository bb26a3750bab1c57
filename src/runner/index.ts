/** The sandboxed Python runner: what the composition root and the CLI use. */
export {
  type CodeRunnerOptions,
  codeRunnerOptionsFrom,
  createCodeRunner,
  type StartedCodeRunner,
} from "./create-code-runner.js";
export {
  discoverInterpreters,
  type FoundInterpreter,
  type InterpreterChoice,
  interpretersFrom,
  parseInterpreterList,
  pyodideCommand,
} from "./interpreter-discovery.js";
export { defaultRunLimits, parseRunLimits, runnerLimitsFrom } from "./limits.js";
export { maxStdinBytes } from "./request-check.js";
