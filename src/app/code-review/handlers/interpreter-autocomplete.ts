import type { AutocompleteEvent } from "../../../domain/ports/chat-platform.js";
import { type CodeReviewFeatureDeps, interpreterNames } from "./deps.js";

/** `/run python:` completes the names of the interpreters the runner offers (Discord shows 25 at most). */
export function interpreterAutocomplete(deps: Pick<CodeReviewFeatureDeps, "interpreters">) {
  return async (event: AutocompleteEvent): Promise<void> => {
    const typed = event.partial.trim().toLowerCase();
    const names = interpreterNames(deps).filter((name) => name.toLowerCase().startsWith(typed));
    await event.respond(names.slice(0, 25).map((name) => ({ name, value: name })));
  };
}
