import type { CodeRunner, RunResult } from "../../domain/ports/code-runner.js";
import { err, ok, type Result } from "../../domain/result.js";
import { extractPythonCode } from "./extract-python-code.js";

export interface SnippetRequest {
  /** The chat message: a fenced block or plain code. */
  readonly text: string;
  /** The member asking: one queued run per member. */
  readonly queueKey?: string;
  readonly stdin?: string;
  readonly signal?: AbortSignal;
}

/** Runs the Python in a message; `no_code` when the message holds nothing runnable. */
export async function runSnippet(
  runner: CodeRunner,
  request: SnippetRequest,
): Promise<Result<RunResult, "no_code">> {
  const code = extractPythonCode(request.text);
  if (code === null) return err("no_code");
  return ok(
    await runner.run({
      code,
      ...(request.queueKey !== undefined ? { queueKey: request.queueKey } : {}),
      ...(request.stdin !== undefined ? { stdin: request.stdin } : {}),
      ...(request.signal !== undefined ? { signal: request.signal } : {}),
    }),
  );
}
