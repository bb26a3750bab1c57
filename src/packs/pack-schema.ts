import { z } from "zod";
import { idSchema, secondsSchema } from "./question-schema.js";

/** Seconds per question when neither the pack's `defaults` nor the question says otherwise. */
export const FALLBACK_SECONDS = 30;

const text = z.string().refine((value) => value.trim() !== "", "must not be empty");

/** `pack.yaml`: the pack's metadata (docs/pack-format.md). */
export const packMetadataSchema = z.strictObject({
  id: idSchema,
  title: text,
  description: text,
  language: z.string().regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, "must be a language tag such as en or pt-BR"),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, "must be a version such as 1.0.0 (in quotes if YAML reads it as a number)"),
  author: text,
  defaults: z.strictObject({ seconds: secondsSchema.optional() }).optional(),
});

export type PackMetadata = z.infer<typeof packMetadataSchema>;

/** A topic file: nothing but its list of questions (each item is checked by question-entry.ts). */
export const topicFileSchema = z.strictObject({
  questions: z.array(z.unknown()).min(1, "must list at least one question"),
});
