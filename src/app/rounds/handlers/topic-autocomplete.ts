import type { AutocompleteEvent } from "../../../domain/ports/chat-platform.js";
import type { RoundsFeatureDeps } from "./deps.js";

/** Topic suggestions: pack ids and tags containing what was typed. */
export function topicAutocomplete(deps: RoundsFeatureDeps) {
  return async (event: AutocompleteEvent) => {
    const partial = event.partial.toLowerCase();
    await event.respond(
      deps.catalog
        .topics()
        .filter((topic) => topic.includes(partial))
        .slice(0, 25)
        .map((topic) => ({ name: topic, value: topic })),
    );
  };
}
