import { z } from "zod";

/**
 * The fields of a `RunResult` the bot relies on, checked on what a runner service sends back: an answer
 * that is not a run result is refused, never shown. Unknown fields pass (a newer service may add some).
 */
export const runResultSchema = z.looseObject({
  status: z.enum(["ok", "error", "timeout", "memory", "output_limit", "signal", "rejected", "unavailable"]),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  stdoutTruncated: z.boolean(),
  stderrTruncated: z.boolean(),
  wallMs: z.number().nonnegative(),
  backend: z.enum(["bwrap", "pyodide", "off"]),
  interpreter: z.string().optional(),
  cpuMs: z.number().nonnegative().optional(),
  // A string, not the enum: a service may hold memory by a mechanism this bot has no name for yet.
  memoryGuard: z.string().optional(),
  peakMemoryBytes: z.number().nonnegative().optional(),
  reason: z.looseObject({ code: z.string() }).optional(),
});
