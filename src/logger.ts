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
      err: (error: unknown) => scrub(pino.stdSerializers.err(error as Error)),
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
    if (Array.isArray(value)) return value.map((item) => visit(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) copy[key] = visit(inner, depth + 1);
    return copy;
  };
  return (value) => (secrets.length === 0 ? value : visit(value, 0));
}
