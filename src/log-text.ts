import type { DestinationStream } from "pino";

const levelWords: Readonly<Record<number, string>> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warning",
  50: "error",
  60: "fatal",
};

/** Fields every line carries, which a person at a terminal does not need to read. */
const routine = new Set(["level", "time", "pid", "hostname", "service", "msg", "err", "reason"]);

/**
 * One pino line (already redacted and scrubbed by the logger) as one readable sentence, for the console:
 * "quizbot warning: bubblewrap sandbox unavailable; ...: bwrap is not installed (apt-get install bubblewrap)".
 * The why (`reason`, the error's message) follows a colon; other plain fields follow in brackets.
 */
export function logLineAsText(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.trimEnd();
  }
  const level = levelWords[Number(record.level)] ?? "log";
  const err = record.err as { message?: unknown } | undefined;
  const why = [record.reason, err?.message].filter((value): value is string => typeof value === "string");
  const extras = Object.entries(record)
    .filter(([key, value]) => !routine.has(key) && value !== null && typeof value !== "object")
    .map(([key, value]) => `${key} ${String(value)}`);
  return `quizbot ${level}: ${String(record.msg ?? "")}${why.length > 0 ? `: ${why.join("; ")}` : ""}${extras.length > 0 ? ` (${extras.join(", ")})` : ""}`;
}

/** A pino destination writing each line as a sentence (LOG_FORMAT=text; the console's default). */
export function textDestination(out: NodeJS.WritableStream): DestinationStream {
  return {
    write(line: string) {
      out.write(`${logLineAsText(line)}\n`);
    },
  };
}
