import type { ButtonEvent, CommandEvent, FormEvent } from "../../domain/ports/chat-platform.js";
import { handlerKeys } from "../command-declaration.js";
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

/**
 * A command claimed by two features, or a handler without a declaration (or the other way round), is a
 * wiring bug, found when the bot is built.
 */
export function routingTable(features: readonly Feature[]): RoutingTable {
  const commands = new Map<string, CommandHandler>();
  const actions = new Map<string, ButtonHandler>();
  const forms = new Map<string, FormHandler>();
  for (const feature of features) {
    checkDeclared(feature);
    for (const [key, handler] of Object.entries(feature.commands ?? {})) {
      if (commands.has(key)) throw new Error(`command "${key}" is claimed twice`);
      commands.set(key, handler);
    }
    for (const [key, handler] of Object.entries(feature.actions ?? {})) actions.set(key, handler);
    for (const [key, handler] of Object.entries(feature.forms ?? {})) forms.set(key, handler);
  }
  return { features, commands, actions, forms };
}

/** The feature's command handlers are exactly the commands it declares. */
export function checkDeclared(feature: Feature): void {
  const declared = new Set((feature.declares ?? []).flatMap(handlerKeys));
  const handled = new Set(Object.keys(feature.commands ?? {}));
  const undeclared = [...handled].filter((key) => !declared.has(key));
  const unhandled = [...declared].filter((key) => !handled.has(key));
  if (undeclared.length > 0 || unhandled.length > 0) {
    throw new Error(
      `feature "${feature.name}": ${[
        ...undeclared.map((key) => `handles "${key}" without declaring it`),
        ...unhandled.map((key) => `declares "${key}" without a handler`),
      ].join("; ")}`,
    );
  }
}
