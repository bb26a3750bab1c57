import { randomUUID } from "node:crypto";
import type { RunLimits } from "../../src/domain/ports/code-runner.js";
import { createCodeRunner, parseRunLimits, type StartedCodeRunner } from "../../src/runner/index.js";

/** A marker unique to one test file, so its leftover check does not see another file's sandboxes. */
export function testMarker(name: string): string {
  return `quizbot-test-${name}-${randomUUID().slice(0, 8)}`;
}

/** The real bwrap backend with short limits, so hostile snippets end in about a second. */
export function startBwrapRunner(
  marker: string,
  limits: Partial<RunLimits> = {},
  warmPool = 0,
  concurrency = 2,
  zygote = true,
): Promise<StartedCodeRunner> {
  return createCodeRunner({
    backend: "bwrap",
    zygote,
    python: process.env.RUNNER_PYTHON ?? "python3",
    concurrency,
    queueSize: 16,
    warmPool,
    limits: parseRunLimits({ wallMs: 2_000, cpuSeconds: 1, ...limits }),
    sandboxMarker: marker,
  });
}
