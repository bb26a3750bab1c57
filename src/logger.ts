import pino, { type Logger } from "pino";

export type { Logger };

/** Field names whose values are credentials wherever they appear in a log object. */
const redactedPaths = [
  "token",
  "*.token",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "signingSecret",
  "*.signingSecret",
  "botToken",
  "*.botToken",
  "appToken",
  "*.appToken",
  "DISCORD_TOKEN",
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "RUNNER_TOKEN",
  "DATABASE_URL",
  "*.DATABASE_URL",
];

export interface LoggerOptions {
  readonly level: string;
  /** Secret values scrubbed from every message and string field, whatever its name. */
  readonly secrets: readonly string[];
  readonly destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const scrub = secretScrubber(options.secrets);
  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    base: { service: "quizbot" },
    redact: { paths: redactedPaths, censor: "[redacted]" },
    formatters: {
      log: (object) => scrub(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((arg) => (typeof arg === "string" ? scrubText(arg, options.secrets) : arg));
        method.apply(this, cleaned as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (error: unknown) => scrub(error),
    },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

export function scrubText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length > 0) result = result.split(secret).join("[redacted]");
  }
  return result;
}

function secretScrubber(secrets: readonly string[]): (value: unknown) => unknown {
  const visit = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return scrubText(value, secrets);
    if (depth > 6 || value === null || typeof value !== "object") return value;
    // Errors keep message and stack in non-enumerable fields: serialise first so they are kept and scrubbed.
    if (value instanceof Error)
      return visit(JSON.parse(JSON.stringify(pino.stdSerializers.err(value))), depth + 1);
    if (Array.isArray(value)) return value.map((item) => visit(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) copy[key] = visit(inner, depth + 1);
    return copy;
  };
  return (value) => visit(value, 0);
}
