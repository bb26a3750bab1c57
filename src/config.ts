import os from "node:os";
import { z } from "zod";
import { isTimeZone } from "./domain/time/local-time.js";
import { parseInterpreterList } from "./runner/interpreter-discovery.js";

/**
 * Every environment variable quizbot reads, in one place. `.env.example` documents each one;
 * `loadConfig` fails with one message that names every bad variable.
 */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const positiveInt = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
  .transform((value) => value === "true" || value === "1" || value === "yes" || value === "on");

const timeZone = z
  .string()
  .refine(isTimeZone, { message: "expected an IANA time zone such as Europe/Berlin" });

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

const environmentSchema = z.object({
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `auto`: one readable sentence per line in the console, pino JSON for the Discord/Slack services. */
  LOG_FORMAT: z.enum(["auto", "json", "text"]).default("auto"),
  PLATFORM: z.enum(["auto", "console", "discord", "slack", "all"]).default("auto"),

  DATABASE_URL: optionalText.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: "expected a postgres:// URL" }).optional(),
  ),
  DATABASE_POOL_SIZE: positiveInt(10, 200),
  DATABASE_PREPARED_STATEMENTS: boolean.default(true),
  DATA_DIR: z.string().trim().min(1).default("./data"),

  QUIZ_PACKS_DIR: z.string().trim().min(1).default("./quizzes"),
  QUESTION_SECONDS: optionalText.pipe(z.coerce.number<string | undefined>().int().min(3).max(600).optional()),
  DEFAULT_TIMEZONE: timeZone.default("UTC"),

  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d{5,25}$/, "expected a numeric id")
      .optional(),
  ),
  DISCORD_GUILD_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d{5,25}$/, "expected a numeric id")
      .optional(),
  ),
  DISCORD_API_URL: optionalText.pipe(httpUrl.optional()),
  DISCORD_ADMIN_ROLE: optionalText,
  /** The bot's total shard count, `auto` (Discord's recommendation, all in this process) or unset (one shard). */
  DISCORD_SHARDS: optionalText.pipe(
    z
      .union([z.literal("auto"), z.coerce.number<string>().int().min(1).max(16_384)], {
        error: "expected auto or a whole number of shards from 1",
      })
      .optional(),
  ),
  /** The shards this process connects, e.g. `0` or `2,3`; all of DISCORD_SHARDS when unset. */
  DISCORD_SHARD_IDS: optionalText.pipe(
    z
      .string()
      .regex(/^\d+(\s*,\s*\d+)*$/, "expected shard ids separated by commas, e.g. 0,1")
      .transform((value) => value.split(",").map((id) => Number(id.trim())))
      .optional(),
  ),

  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith("xoxb-", "expected a bot token (xoxb-...)").optional(),
  ),
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith("xapp-", "expected an app token (xapp-...)").optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SLACK_API_URL: optionalText.pipe(httpUrl.optional()),
  /** Pictures in private replies too (ephemeral `/leaderboard`, `/stats`); needs the `files:read` scope. */
  SLACK_PRIVATE_PICTURES: boolean.default(false),

  RUNNER_BACKEND: z.enum(["auto", "bwrap", "pyodide", "off"]).default("auto"),
  RUNNER_PYTHON: z.string().trim().min(1).default("python3"),
  RUNNER_INTERPRETERS: z
    .string()
    .default("auto")
    .refine(isInterpreterList, { message: "expected auto or name=command pairs separated by commas" }),
  PYENV_ROOT: optionalText,
  RUNNER_CONCURRENCY: positiveInt(Math.max(1, os.availableParallelism()), 64),
  RUNNER_QUEUE_SIZE: positiveInt(32, 10_000),
  RUNNER_WARM_POOL: z.coerce.number().int().min(0).max(32).default(2),
  /** `auto`: a cgroup v2 per sandbox where the host delegates one to the bot; `off`: the watchdog only. */
  RUNNER_CGROUP: z.enum(["auto", "off"]).default("auto"),
  RUNNER_ZYGOTE: z.enum(["auto", "off"]).default("auto"),
  RUNNER_WALL_SECONDS: positiveInt(5, 120),
  RUNNER_CPU_SECONDS: positiveInt(5, 120),
  RUNNER_MEMORY_MB: positiveInt(256, 8192),
  RUNNER_MAX_PROCESSES: positiveInt(32, 1024),
  RUNNER_OUTPUT_KB: positiveInt(64, 16_384),
  RUNNER_CODE_KB: positiveInt(20, 1024),
  RUNNER_EXPLORE_SECONDS: positiveInt(15, 120),
  RUNNER_EXPLORE_CONCURRENCY: positiveInt(1, 16),
  /** Runner services (`quizbot runner serve`) to send runs to instead of a local sandbox, comma-separated. */
  RUNNER_URL: optionalText.pipe(
    z
      .string()
      .refine(isUrlList, { message: "expected http(s) URLs separated by commas" })
      .transform((value) => value.split(",").map((url) => url.trim().replace(/\/+$/, "")))
      .optional(),
  ),
  /** How long the bot waits for a runner service's answer to one run, its queue wait included. */
  RUNNER_URL_TIMEOUT_SECONDS: positiveInt(120, 600),
  /** The bearer token between the bot and its runner services (16 characters or more). */
  RUNNER_TOKEN: optionalText.pipe(z.string().min(16, "expected at least 16 characters").optional()),

  HEALTH_PORT: optionalText.pipe(z.coerce.number<string | undefined>().int().min(1).max(65535).optional()),
  SHUTDOWN_GRACE_SECONDS: positiveInt(10, 300),
  NO_COLOR: optionalText,
  REMINDERS_ENABLED: boolean.default(true),
  PICTURES_ENABLED: boolean.default(true),

  /** The organiser's dashboard (docs/dashboard.md): served on this port; off when unset. */
  DASHBOARD_PORT: optionalText.pipe(z.coerce.number<string | undefined>().int().min(1).max(65535).optional()),
  /** Signs the dashboard's links (HMAC-SHA256); 32 characters or more. */
  DASHBOARD_SECRET: optionalText.pipe(z.string().min(32, "expected at least 32 characters").optional()),
  /** The dashboard's address as members' browsers reach it, the base of the links `/dashboard` gives. */
  DASHBOARD_URL: optionalText.pipe(
    httpUrl
      .refine((url) => !new URL(url).search && !new URL(url).hash, {
        message: "expected a base URL without ? or #",
      })
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
  ),
  /** Platform user ids (comma-separated) who get the organiser view besides the platform's admins. */
  DASHBOARD_ORGANISERS: optionalText.pipe(
    z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((id) => id.trim())
          .filter((id) => id !== ""),
      )
      .optional(),
  ),
});

export type Environment = z.infer<typeof environmentSchema>;

export interface Config {
  readonly env: Environment;
  /** Values that must never reach a log line, an error message or the sandbox. */
  readonly secrets: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const secretVariables = [
  "DISCORD_TOKEN",
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "RUNNER_TOKEN",
  "DASHBOARD_SECRET",
] as const;

/** Parses the environment; throws `ConfigError` listing every bad variable (without echoing secret values). */
export function loadConfig(source: NodeJS.ProcessEnv): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join(".") || "environment";
      return `${name}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const env = parsed.data;
  const problems = crossFieldProblems(env);
  if (problems.length > 0) throw new ConfigError(problems);
  const secrets = [...secretVariables.map((name) => env[name]), passwordOf(env.DATABASE_URL)].filter(
    (value): value is string => typeof value === "string" && value.length >= 4,
  );
  return { env, secrets };
}

function crossFieldProblems(env: Environment): string[] {
  const problems: string[] = [];
  if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
    problems.push("DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set");
  }
  if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    problems.push(
      "SLACK_APP_TOKEN: set it for Socket Mode, or set SLACK_SIGNING_SECRET for HTTP mode (SLACK_BOT_TOKEN is set)",
    );
  }
  if ((env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) && !env.SLACK_BOT_TOKEN) {
    problems.push("SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set");
  }
  if (env.RUNNER_URL && !env.RUNNER_TOKEN) {
    problems.push("RUNNER_TOKEN: required when RUNNER_URL is set (the runner services' bearer token)");
  }
  problems.push(...shardProblems(env), ...dashboardProblems(env));
  if (env.PLATFORM === "discord" && !env.DISCORD_TOKEN)
    problems.push("DISCORD_TOKEN: required when PLATFORM=discord");
  if (env.PLATFORM === "slack" && !env.SLACK_BOT_TOKEN)
    problems.push("SLACK_BOT_TOKEN: required when PLATFORM=slack");
  return problems;
}

/** With DASHBOARD_PORT set, the dashboard needs its secret and its links' base. */
function dashboardProblems(env: Environment): string[] {
  if (env.DASHBOARD_PORT === undefined) return [];
  const problems: string[] = [];
  if (!env.DASHBOARD_SECRET)
    problems.push("DASHBOARD_SECRET: required when DASHBOARD_PORT is set (signs the dashboard's links)");
  if (!env.DASHBOARD_URL)
    problems.push("DASHBOARD_URL: required when DASHBOARD_PORT is set (the base of the dashboard's links)");
  return problems;
}

/** DISCORD_SHARD_IDS must name distinct shards below a numeric DISCORD_SHARDS. */
function shardProblems(env: Environment): string[] {
  const ids = env.DISCORD_SHARD_IDS;
  if (!ids) return [];
  const count = env.DISCORD_SHARDS;
  if (count === undefined || count === "auto") {
    return ["DISCORD_SHARD_IDS: needs DISCORD_SHARDS set to the total number of shards"];
  }
  const outside = ids.filter((id) => id >= count);
  if (outside.length > 0) {
    return [
      `DISCORD_SHARD_IDS: ${outside.join(", ")} not below DISCORD_SHARDS (${count}); shards are 0 to ${count - 1}`,
    ];
  }
  if (new Set(ids).size !== ids.length) return ["DISCORD_SHARD_IDS: a shard is listed twice"];
  return [];
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** The platforms to start, from PLATFORM and the tokens present. */
export function platformsToStart(env: Environment): Array<"console" | "discord" | "slack"> {
  if (env.PLATFORM === "console") return ["console"];
  if (env.PLATFORM === "discord") return ["discord"];
  if (env.PLATFORM === "slack") return ["slack"];
  const configured: Array<"discord" | "slack"> = [];
  if (env.DISCORD_TOKEN) configured.push("discord");
  if (env.SLACK_BOT_TOKEN) configured.push("slack");
  return configured.length > 0 ? configured : ["console"];
}

function isInterpreterList(text: string): boolean {
  try {
    parseInterpreterList(text);
    return true;
  } catch {
    return false;
  }
}

function isUrlList(text: string): boolean {
  return text.split(",").every((entry) => {
    try {
      const url = new URL(entry.trim());
      return (url.protocol === "http:" || url.protocol === "https:") && url.username === "";
    } catch {
      return false;
    }
  });
}
