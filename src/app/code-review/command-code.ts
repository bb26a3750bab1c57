import type { CommandEvent } from "../../domain/ports/chat-platform.js";

/**
 * The code of `/run`: the raw text where the platform gives it (Slack, the console), since typed options
 * are split on whitespace and a snippet's newlines and indentation matter; else Discord's `code` option.
 * An interpreter comes first in typed text (`/run python:3.12 print(1)`), or as Discord's `python` option.
 */
export function commandCode(event: CommandEvent): {
  text: string;
  interpreter: string | undefined;
  stdin: string | undefined;
} {
  // Standard input comes as Discord's `input` option; in typed text only through the form.
  const stdin =
    typeof event.options.input === "string" && event.options.input !== "" ? event.options.input : undefined;
  const option = typeof event.options.python === "string" ? event.options.python.trim() : "";
  let raw = event.text ?? "";
  let typed: string | undefined;
  const named = /^\s*python[:=](\S+)\s*/.exec(raw);
  if (named) {
    typed = named[1];
    raw = raw.slice(named[0].length);
  }
  raw = raw.replace(/^\s*code[:=]/, "");
  const interpreter = typed ?? (option === "" ? undefined : option);
  if (raw.trim() !== "") return { text: raw, interpreter, stdin };
  return { text: typeof event.options.code === "string" ? event.options.code : "", interpreter, stdin };
}
