import { z } from "zod";
import type { PerRunLimits, RunLimits, RunRequest } from "../../domain/ports/code-runner.js";

/**
 * The body of `POST /run`: a `RunRequest` without its abort signal, plus limits a client may lower but
 * never raise above the service's own (those a started sandbox takes per run: see `PerRunLimits`).
 */
const limitsSchema = z
  .object({
    wallMs: z.number().int().positive(),
    memoryBytes: z.number().int().positive(),
    outputBytes: z.number().int().positive(),
    codeBytes: z.number().int().positive(),
  })
  .partial()
  .strict();

export const wireRequestSchema = z
  .object({
    code: z.string(),
    files: z.record(z.string(), z.string()).optional(),
    memberFile: z.string().optional(),
    stdin: z.string().optional(),
    interpreter: z.string().min(1).max(64).optional(),
    queueKey: z.string().min(1).max(200).optional(),
    lane: z.literal("explore").optional(),
    limits: limitsSchema.optional(),
  })
  .strict();

export type WireRequest = z.infer<typeof wireRequestSchema>;

/** Why a body was refused: the field's dotted path and what was expected there. */
export interface WireProblem {
  readonly field: string;
  readonly problem: string;
}

/**
 * Reads a parsed JSON body into a run request, or names the first field that is wrong: a field of the
 * wrong type, an unknown field, or a limit above the service's own.
 */
export function readWireRequest(
  body: unknown,
  serviceLimits: RunLimits,
): { ok: true; request: RunRequest } | { ok: false; problem: WireProblem } {
  const parsed = wireRequestSchema.safeParse(body);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const unknownKey = issue?.code === "unrecognized_keys" ? issue.keys[0] : undefined;
    const path = [...(issue?.path ?? []), ...(unknownKey ? [unknownKey] : [])].join(".");
    return { ok: false, problem: { field: path || "body", problem: issue?.message ?? "invalid" } };
  }
  const { limits, ...fields } = parsed.data;
  for (const [name, value] of Object.entries(limits ?? {}) as [keyof PerRunLimits, number][]) {
    if (value > serviceLimits[name]) {
      return {
        ok: false,
        problem: { field: `limits.${name}`, problem: `at most ${serviceLimits[name]} on this service` },
      };
    }
  }
  // Optional fields left out rather than set to undefined (exactOptionalPropertyTypes).
  const request: RunRequest = {
    code: fields.code,
    ...(fields.files !== undefined ? { files: fields.files } : {}),
    ...(fields.memberFile !== undefined ? { memberFile: fields.memberFile } : {}),
    ...(fields.stdin !== undefined ? { stdin: fields.stdin } : {}),
    ...(fields.interpreter !== undefined ? { interpreter: fields.interpreter } : {}),
    ...(fields.queueKey !== undefined ? { queueKey: fields.queueKey } : {}),
    ...(fields.lane !== undefined ? { lane: fields.lane } : {}),
    ...(limits !== undefined ? { limits: definedLimits(limits) } : {}),
  };
  return { ok: true, request };
}

function definedLimits(
  limits: Partial<Record<keyof PerRunLimits, number | undefined>>,
): Partial<PerRunLimits> {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}
