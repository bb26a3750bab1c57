import type { ExpectedInput } from "../../domain/expected-input.js";
import type { OptionValue } from "../../domain/ports/chat-platform.js";
import { err, ok, type Result } from "../../domain/result.js";
import {
  type CommandDefinition,
  findCommand,
  type OptionDefinition,
  type SubcommandDefinition,
  subcommandKey,
} from "./commands.js";

export interface ParsedCommand {
  readonly name: string;
  /** `start`, or `schedule add` for grouped subcommands. */
  readonly subcommand?: string;
  readonly options: Readonly<Record<string, OptionValue>>;
}

export type ParseProblem =
  | { readonly code: "unknown_command"; readonly name: string }
  | { readonly code: "invalid_option"; readonly option: string; readonly expected: ExpectedInput };

/**
 * Parses typed text such as `quiz start asyncio 5 mode:first_correct` (Slack's command text, the console)
 * against the definitions: options by position in definition order, or as `name:value` / `name=value`;
 * quotes group words; an option marked `rest` takes the remainder of the line. A word that is one of a
 * later option's choices goes to that option (`/leaderboard all` is the period, not a group called "all").
 */
export function parseCommandText(name: string, text: string): Result<ParsedCommand, ParseProblem> {
  const command = findCommand(name);
  if (!command) return err({ code: "unknown_command", name });
  const tokens = tokenize(text);
  const resolved = resolveSubcommand(command, tokens);
  if (!resolved.ok) return resolved;
  const { subcommand, rest } = resolved.value;
  const definitions = subcommand ? subcommand.options : command.options;
  const raw: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 1) {
    const token = rest[i] ?? "";
    const named = /^([a-z_]+)[:=](.*)$/s.exec(token);
    if (named?.[1] && definitions.some((option) => option.name === named[1])) {
      raw[named[1]] = named[2] ?? "";
      continue;
    }
    const next = positionalTarget(definitions, raw, token);
    if (!next) {
      return err({
        code: "invalid_option",
        option: token,
        expected: described(describeUsage(command, subcommand)),
      });
    }
    raw[next.name] = next.rest ? rest.slice(i).join(" ") : token;
    if (next.rest) break;
  }
  return validateOptions(command, subcommand, raw);
}

/**
 * The option a positional word fills: the next one not yet given, unless the word is exactly one of the
 * choices of a later free option and not a choice of the next (a text option that takes the rest of the
 * line keeps everything).
 */
function positionalTarget(
  definitions: readonly OptionDefinition[],
  raw: Readonly<Record<string, string>>,
  token: string,
): OptionDefinition | undefined {
  const free = definitions.filter((option) => !(option.name in raw));
  const next = free[0];
  if (!next || next.rest || next.choices?.includes(token)) return next;
  return free.find((option) => option.choices?.includes(token)) ?? next;
}

/** Checks raw option values (from text or from a platform) against their definitions and converts types. */
export function validateOptions(
  command: CommandDefinition,
  subcommand: SubcommandDefinition | undefined,
  raw: Readonly<Record<string, string | number | boolean>>,
): Result<ParsedCommand, ParseProblem> {
  const definitions = subcommand ? subcommand.options : command.options;
  const options: Record<string, OptionValue> = {};
  for (const definition of definitions) {
    const value = raw[definition.name];
    if (value === undefined || value === "") {
      if (definition.required) {
        return err({
          code: "invalid_option",
          option: definition.name,
          expected: described(describeOption(definition)),
        });
      }
      continue;
    }
    const converted = convert(definition, value);
    if (converted === undefined) {
      return err({
        code: "invalid_option",
        option: definition.name,
        expected: described(describeOption(definition)),
      });
    }
    options[definition.name] = converted;
  }
  for (const key of Object.keys(raw)) {
    if (!definitions.some((definition) => definition.name === key)) {
      return err({
        code: "invalid_option",
        option: key,
        expected: described(describeUsage(command, subcommand)),
      });
    }
  }
  return ok({
    name: command.name,
    ...(subcommand ? { subcommand: subcommandKey(subcommand) } : {}),
    options,
  });
}

function resolveSubcommand(
  command: CommandDefinition,
  tokens: readonly string[],
): Result<{ subcommand: SubcommandDefinition | undefined; rest: readonly string[] }, ParseProblem> {
  if (command.subcommands.length === 0) return ok({ subcommand: undefined, rest: tokens });
  const [first, second] = tokens;
  const grouped = command.subcommands.filter((candidate) => candidate.group === first);
  if (first !== undefined && grouped.length > 0) {
    const named = grouped.find((candidate) => candidate.name === second);
    if (named) return ok({ subcommand: named, rest: tokens.slice(2) });
    // `/quiz schedule weekdays 09:00` means `schedule add`.
    const add = grouped.find((candidate) => candidate.name === "add");
    if (add && second !== undefined) return ok({ subcommand: add, rest: tokens.slice(1) });
    const list = grouped.find((candidate) => candidate.name === "list");
    if (list && second === undefined) return ok({ subcommand: list, rest: [] });
  }
  const direct = command.subcommands.find((candidate) => !candidate.group && candidate.name === first);
  if (direct) return ok({ subcommand: direct, rest: tokens.slice(1) });
  const fallback = command.subcommands.find((candidate) => candidate.name === command.defaultSubcommand);
  if (fallback) return ok({ subcommand: fallback, rest: tokens });
  return err({
    code: "invalid_option",
    option: first ?? "(none)",
    expected: described(`one of: ${command.subcommands.map(subcommandKey).join(", ")}`),
  });
}

function convert(definition: OptionDefinition, value: string | number | boolean): OptionValue | undefined {
  if (definition.type === "boolean") {
    if (typeof value === "boolean") return value;
    const text = String(value).toLowerCase();
    if (["true", "yes", "on", "1"].includes(text)) return true;
    if (["false", "no", "off", "0"].includes(text)) return false;
    return undefined;
  }
  if (definition.type === "integer" || definition.type === "number") {
    const number = typeof value === "number" ? value : Number(String(value).trim());
    if (!Number.isFinite(number)) return undefined;
    if (definition.type === "integer" && !Number.isInteger(number)) return undefined;
    if (definition.min !== undefined && number < definition.min) return undefined;
    if (definition.max !== undefined && number > definition.max) return undefined;
    return number;
  }
  const text = String(value).trim();
  if (text.length > 4000) return undefined;
  if (definition.choices && !definition.choices.includes(text)) return undefined;
  return text;
}

export function describeOption(definition: OptionDefinition): string {
  const what =
    definition.choices !== undefined
      ? `one of ${definition.choices.join(", ")}`
      : definition.type === "integer"
        ? `a whole number${range(definition)}`
        : definition.type === "number"
          ? `a number${range(definition)}`
          : definition.type === "boolean"
            ? "yes or no"
            : "text";
  const example = definition.example ? ` (for example ${definition.example})` : "";
  // The notice names the option already ("That option isn't valid: questions."), so this is only what it takes.
  return `${what}${example}`;
}

function range(definition: OptionDefinition): string {
  if (definition.min !== undefined && definition.max !== undefined) {
    return ` from ${definition.min} to ${definition.max}`;
  }
  if (definition.min !== undefined) return ` of at least ${definition.min}`;
  if (definition.max !== undefined) return ` of at most ${definition.max}`;
  return "";
}

export function describeUsage(
  command: CommandDefinition,
  subcommand: SubcommandDefinition | undefined,
): string {
  const options = (subcommand ? subcommand.options : command.options)
    .map((option) => (option.required ? `<${option.name}>` : `[${option.name}]`))
    .join(" ");
  const head = subcommand ? `/${command.name} ${subcommandKey(subcommand)}` : `/${command.name}`;
  return `${head}${options ? ` ${options}` : ""}`;
}

/** Splits on whitespace, keeping "double" or 'single' quoted (and smart-quoted) words together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|“([^”]*)”|(\S+)/g;
  for (const match of text.matchAll(pattern)) {
    tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4] ?? "");
  }
  return tokens;
}

function described(words: string): ExpectedInput {
  return { type: "described", words };
}
