/**
 * What a feature declares of its commands: names, options and the limits a value must meet, no words.
 * The platform adapters build their catalogues (Discord registration, Slack's slash commands, the
 * console's and Slack's typed arguments, `/help`) from these declarations and the words in
 * `platforms/shared/wording/command-words.ts`, and validate typed options against them.
 */
export type OptionType = "string" | "integer" | "number" | "boolean";

export interface OptionDeclaration {
  readonly name: string;
  readonly type: OptionType;
  readonly required?: boolean;
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** Offer completions (pack, topic and group names) where the platform can; the feature answers them. */
  readonly autocomplete?: "topic" | "pack" | "group" | "interpreter";
  /** In typed text, this last option takes the rest of the line ("weekdays 09:00", a group name with spaces). */
  readonly rest?: boolean;
}

export interface SubcommandDeclaration {
  readonly name: string;
  /** Discord subcommand group (e.g. "schedule" for `/quiz schedule add`). */
  readonly group?: string;
  readonly options: readonly OptionDeclaration[];
  /** Needs channel admin rights (Manage Server on Discord, admin or owner on Slack). */
  readonly admin?: boolean;
}

/**
 * One command, or a feature's share of one: `/quiz` is declared by rounds (start, stop, config) and by
 * daily quizzes (schedule ...), and the catalogue joins the shares in feature order.
 */
export interface CommandDeclaration {
  readonly name: string;
  readonly subcommands: readonly SubcommandDeclaration[];
  /** Options of a command without subcommands. */
  readonly options: readonly OptionDeclaration[];
  /** Subcommand used when typed text names none (`/review` = `/review start`). */
  readonly defaultSubcommand?: string;
}

/** The key a feature's handler is registered under: "quiz schedule add", "quiz start", "leaderboard". */
export function handlerKeys(declaration: CommandDeclaration): string[] {
  if (declaration.subcommands.length === 0) return [declaration.name];
  return declaration.subcommands.map(
    (sub) => `${declaration.name} ${sub.group ? `${sub.group} ${sub.name}` : sub.name}`,
  );
}
