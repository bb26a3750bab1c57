import type { z } from "zod";
import type { YamlPath } from "./yaml-source.js";

/** A problem with one field, in author's words, with the path of the YAML node to point at. */
export interface FieldIssue {
  readonly path: YamlPath;
  /** Point at the mapping key rather than its value (unknown keys have no meaningful value). */
  readonly atKey?: boolean;
  readonly message: string;
}

/**
 * Turns zod issues into sentences that name the field as the author wrote it (`options[2]`,
 * `checks[0].code`). Schemas in this folder phrase their own messages as predicates ("must be ..."),
 * so the field name goes in front; type mismatches are worded here from the value that was found.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const path = issue.path.filter((part): part is string | number => typeof part !== "symbol");
    const field = fieldName(path);
    const value = valueAt(input, path);
    // A missing field fails whatever its schema checks first (type, enum, literal): say what is wrong.
    if (value === undefined && path.length > 0 && issue.code !== "unrecognized_keys") {
      return [{ path, message: `${field} is required` }];
    }
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((key) => ({
          path: [...path, key],
          atKey: true,
          message: `unknown key "${key}"`,
        }));
      case "invalid_type":
        return [
          { path, message: `${field} must be ${expectedNoun(issue.expected)} (got ${describeValue(value)})` },
        ];
      default:
        return [{ path, message: `${field} ${issue.message}${gotClause(issue.message, value)}` }];
    }
  });
}

/** `checks[0].code` from `["checks", 0, "code"]`. */
export function fieldName(path: YamlPath): string {
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join("");
}

/** A short, author-facing picture of a YAML value. */
export function describeValue(value: unknown): string {
  if (value === null) return "nothing (null)";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  switch (typeof value) {
    case "string":
      return `text ${JSON.stringify(abbreviate(value))}`;
    // YAML reads 3 and true as a number and a boolean; text fields need them quoted.
    case "number":
      return `the number ${value}; put it in quotes if it is text`;
    case "boolean":
      return `the boolean ${value}; put it in quotes if it is text`;
    case "object":
      return "a mapping";
    default:
      return typeof value;
  }
}

function expectedNoun(expected: string): string {
  const nouns: Record<string, string> = {
    string: "text",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping of keys to values",
  };
  return nouns[expected] ?? expected;
}

function gotClause(message: string, value: unknown): string {
  if (message.includes("(got")) return "";
  if (Array.isArray(value)) return ` (got ${value.length})`;
  // A multi-line block would only echo what the author sees at the reported line anyway.
  if (typeof value === "string")
    return value.includes("\n") ? "" : ` (got ${JSON.stringify(abbreviate(value))})`;
  if (typeof value === "number" || typeof value === "boolean") return ` (got ${value})`;
  return "";
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function valueAt(input: unknown, path: YamlPath): unknown {
  let current = input;
  for (const part of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}
