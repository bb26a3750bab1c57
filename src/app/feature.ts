import type {
  AutocompleteEvent,
  ButtonEvent,
  CommandEvent,
  FormEvent,
  MessageCommandEvent,
  TextMessageEvent,
} from "../domain/ports/chat-platform.js";
import type { CommandDeclaration } from "./command-declaration.js";

/**
 * One feature of the bot (rounds, reviews, leaderboards, daily quizzes, snippets). The router hands each
 * event to the feature that declared it; features never see platform SDKs.
 */
export interface Feature {
  readonly name: string;
  /**
   * The commands this feature answers, with their options and limits (`<feature>/commands.ts`); the
   * platforms' catalogues are built from them (`app/command-catalogue.ts`). Every declared command has a
   * handler in `commands` and every handler a declaration: the routing table refuses the feature otherwise.
   */
  readonly declares?: readonly CommandDeclaration[];
  /** Keyed by command and subcommand as parsed: "quiz start", "quiz schedule add", "leaderboard". */
  readonly commands?: Readonly<Record<string, (event: CommandEvent) => Promise<void>>>;
  /** Keyed by the action id's prefix before the first ":" (e.g. "q" for "q:a:12:3"). */
  readonly actions?: Readonly<
    Record<string, (event: ButtonEvent, parts: readonly string[]) => Promise<void>>
  >;
  /** Keyed by the form id's prefix before the first ":". */
  readonly forms?: Readonly<Record<string, (event: FormEvent, parts: readonly string[]) => Promise<void>>>;
  readonly messageCommands?: Readonly<Record<string, (event: MessageCommandEvent) => Promise<void>>>;
  /** Free text in a channel; resolve true when the feature used it (e.g. as an answer). */
  readonly onMessage?: (event: TextMessageEvent) => Promise<boolean>;
  /** Keyed by the option's autocomplete kind ("topic", "pack", "group"). */
  readonly autocomplete?: Readonly<Record<string, (event: AutocompleteEvent) => Promise<void>>>;
  /** Timers and schedules; called once the platforms are connected. */
  start?(): Promise<void>;
  /** Stop timers and wait (bounded) for work in flight. */
  stop?(): Promise<void>;
}
