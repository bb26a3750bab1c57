import { z } from "zod";
import type { Environment } from "../config.js";
import type { RunLimits } from "../domain/ports/code-runner.js";

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * What one snippet may use, as data (after snekbox's `time_limit`/`cgroup_pids_max` config).
 * The bounds keep a typo in the environment from turning the sandbox off in practice.
 */
export const runLimitsSchema = z.object({
  wallMs: z.number().int().min(100).max(120_000),
  cpuSeconds: z.number().int().min(1).max(120),
  memoryBytes: z
    .number()
    .int()
    .min(32 * MiB)
    .max(8192 * MiB),
  maxProcesses: z.number().int().min(4).max(1024),
  outputBytes: z
    .number()
    .int()
    .min(KiB)
    .max(16 * 1024 * KiB),
  codeBytes: z
    .number()
    .int()
    .min(KiB)
    .max(1024 * KiB),
});

/** The defaults: 5 s wall, 5 s CPU, 256 MiB, 32 processes/threads, 64 KiB per stream, 20 KiB of code. */
export const defaultRunLimits: RunLimits = Object.freeze({
  wallMs: 5_000,
  cpuSeconds: 5,
  memoryBytes: 256 * MiB,
  maxProcesses: 32,
  outputBytes: 64 * KiB,
  codeBytes: 20 * KiB,
});

/** Validates limits, filling what is left out from the defaults; throws a `ZodError` for bad values (a bug or bad config). */
export function parseRunLimits(partial: Partial<RunLimits> = {}): RunLimits {
  return Object.freeze(runLimitsSchema.parse({ ...defaultRunLimits, ...partial }));
}

type RunnerLimitVariables = Pick<
  Environment,
  | "RUNNER_WALL_SECONDS"
  | "RUNNER_CPU_SECONDS"
  | "RUNNER_MEMORY_MB"
  | "RUNNER_MAX_PROCESSES"
  | "RUNNER_OUTPUT_KB"
  | "RUNNER_CODE_KB"
>;

/** The limits configured by the RUNNER_* variables of `src/config.ts`. */
export function runnerLimitsFrom(env: RunnerLimitVariables): RunLimits {
  return parseRunLimits({
    wallMs: env.RUNNER_WALL_SECONDS * 1000,
    cpuSeconds: env.RUNNER_CPU_SECONDS,
    memoryBytes: env.RUNNER_MEMORY_MB * MiB,
    maxProcesses: env.RUNNER_MAX_PROCESSES,
    outputBytes: env.RUNNER_OUTPUT_KB * KiB,
    codeBytes: env.RUNNER_CODE_KB * KiB,
  });
}
