import type { ButtonEvent, CommandEvent, FormEvent } from "../../domain/ports/chat-platform.js";
import type { Feature } from "../feature.js";

type CommandHandler = (event: CommandEvent) => Promise<void>;
type ButtonHandler = (event: ButtonEvent, parts: readonly string[]) => Promise<void>;
type FormHandler = (event: FormEvent, parts: readonly string[]) => Promise<void>;

/** Who handles what, built once from the features' declarations. */
export interface RoutingTable {
  readonly features: readonly Feature[];
  readonly commands: ReadonlyMap<string, CommandHandler>;
  /** By the id's prefix before the first ":". */
  readonly actions: ReadonlyMap<string, ButtonHandler>;
  readonly forms: ReadonlyMap<string, FormHandler>;
}

/** A command claimed by two features is a wiring bug, found when the bot is built. */
export function routingTable(features: readonly Feature[]): RoutingTable {
  const commands = new Map<string, CommandHandler>();
  const actions = new Map<string, ButtonHandler>();
  const forms = new Map<string, FormHandler>();
  for (const feature of features) {
    for (const [key, handler] of Object.entries(feature.commands ?? {})) {
      if (commands.has(key)) throw new Error(`command "${key}" is claimed twice`);
      commands.set(key, handler);
    }
    for (const [key, handler] of Object.entries(feature.actions ?? {})) actions.set(key, handler);
    for (const [key, handler] of Object.entries(feature.forms ?? {})) forms.set(key, handler);
  }
  return { features, commands, actions, forms };
}
