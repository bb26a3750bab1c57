import { randomBytes } from "node:crypto";
import type { Exploration } from "../../domain/explore/exploration.js";
import type { CodeRunner, RunResult } from "../../domain/ports/code-runner.js";
import { parseExploration } from "./exploration-schema.js";
import { type ExploreOptions, type ExploreTarget, exploreRequest } from "./explore-program.js";

/**
 * How an exploration went: what it found, or the run that brought no report (refused by the runner,
 * out of time, killed for memory or output) for the caller to word like any failed run.
 */
export type ExploreResult =
  | { readonly type: "explored"; readonly exploration: Exploration; readonly run: RunResult }
  | { readonly type: "failed"; readonly run: RunResult };

export interface ExploreRequest {
  readonly target: ExploreTarget;
  readonly options?: ExploreOptions;
  /** One exploration per member at a time. */
  readonly queueKey?: string;
  readonly signal?: AbortSignal;
  /** The interpreter to explore on, by name; the runner's default when absent. */
  readonly interpreter?: string;
}

/**
 * Explores a program's interleavings in the sandbox (the scheduler runs in there with it, never on
 * the host) through the runner's exploration lane.
 */
export async function exploreCode(
  runner: CodeRunner,
  request: ExploreRequest,
  nonce: () => string = () => randomBytes(24).toString("base64url"),
): Promise<ExploreResult> {
  const secret = nonce();
  const run = await runner.run({
    ...exploreRequest(request.target, request.options ?? {}, secret),
    ...(request.queueKey !== undefined ? { queueKey: request.queueKey } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.interpreter !== undefined ? { interpreter: request.interpreter } : {}),
  });
  const exploration = run.status === "ok" ? parseExploration(run.stdout, secret) : undefined;
  return exploration ? { type: "explored", exploration, run } : { type: "failed", run };
}
