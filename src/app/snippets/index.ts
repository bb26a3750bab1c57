export { checkDeterminism, type Determinism, type LineDifference } from "./check-determinism.js";
export { compareInterpreters, type InterpreterOutcome } from "./compare-interpreters.js";
export { extractPythonCode } from "./extract-python-code.js";
export {
  defaultInlineOutput,
  type InlineOutput,
  type InlineOutputOptions,
  inlineOutput,
  type NumberedLine,
} from "./inline-output.js";
export { runSnippet, type SnippetRequest } from "./run-snippet.js";
