import { z } from "zod";
import type { Exploration } from "../../domain/explore/exploration.js";

// The report comes from inside the sandbox, where member code ran: it is parsed strictly like any
// outside input, and anything that does not fit is treated as no report at all.

const status = z.enum(["ok", "error", "deadlock", "hang", "too_long", "crash"]);
const output = z.object({ status, output: z.string(), error: z.string() });
const spot = z
  .object({
    file: z.string(),
    line: z.number().int(),
    code: z.string(),
    values: z.record(z.string(), z.string()),
  })
  .nullable();
const story = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("switch"),
    from: z.string(),
    to: z.string(),
    at: spot,
    why: z.string().nullable(),
  }),
  z.object({ kind: z.literal("hold"), who: z.string(), at: spot, others: z.array(z.string()) }),
]);
const deadlockedThread = z.object({
  thread: z.string(),
  holds: z.array(z.string()),
  waitsFor: z.string().nullable(),
  line: z.number().int().optional(),
  code: z.string().optional(),
  call: z.string().optional(),
});
const decision = z.tuple([z.number().int(), z.number().int(), z.union([z.literal(0), z.literal(1)])]);
const replay = z.object({
  schedule: z.array(decision),
  story: z.array(story),
  outcome: output,
  deadlock: z.object({ threads: z.array(deadlockedThread) }).nullable(),
  perInstructionOnly: z.boolean(),
  fromSeed: z.number().int().nullable().optional(),
  shrinkRuns: z.number().int().optional(),
  decisionsBefore: z.number().int().optional(),
});
const hang = z.object({ thread: z.string().nullable(), at: spot, inside: z.string().nullable() }).nullable();
const python = z.string();

export const explorationSchema: z.ZodType<Exploration> = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("explored"),
    verdict: z.enum(["race", "deadlock", "single"]),
    baseline: output,
    outcomes: z.array(
      output.extend({ count: z.number().int(), seed: z.number().int().nullable(), baseline: z.boolean() }),
    ),
    deadlocks: z.array(z.object({ seed: z.number().int().nullable(), threads: z.array(deadlockedThread) })),
    replay: replay.nullable(),
    tried: z.number().int(),
    partial: z.boolean(),
    hang: hang.optional().transform((value) => value ?? null),
    python,
    elapsedMs: z.number(),
  }),
  z.object({ kind: z.literal("nothing"), reason: z.enum(["no_concurrency", "no_threads_started"]), python }),
  z.object({ kind: z.literal("hang"), hang: hang.optional().transform((value) => value ?? null), python }),
  z.object({ kind: z.literal("replayed"), seed: z.number().int().nullable(), replay, python }),
]);

/** The exploration in a run's stdout: the last line that starts with this run's nonce. */
export function parseExploration(stdout: string, nonce: string): Exploration | undefined {
  const prefix = `${nonce} `;
  const line = stdout
    .split("\n")
    .filter((candidate) => candidate.startsWith(prefix))
    .at(-1);
  if (line === undefined) return undefined;
  try {
    const parsed = explorationSchema.safeParse(JSON.parse(line.slice(prefix.length)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
