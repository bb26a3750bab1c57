import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "../../logger.js";

/**
 * Bolt, the Web API client and the Socket Mode client log through this, so their lines pass the same
 * secret scrubbing and level as the rest of quizbot. Bolt logs strings in pieces; they are joined.
 */
export function boltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: "slack" });
  const join = (parts: unknown[]) =>
    parts.map((part) => (typeof part === "string" ? part : String(part))).join(" ");
  return {
    debug: (...parts: unknown[]) => child.debug(join(parts)),
    info: (...parts: unknown[]) => child.info(join(parts)),
    warn: (...parts: unknown[]) => child.warn(join(parts)),
    error: (...parts: unknown[]) => child.error(join(parts)),
    // The level is quizbot's LOG_LEVEL; Bolt asking for another one is ignored on purpose.
    setLevel: () => {},
    getLevel: () =>
      child.isLevelEnabled("debug")
        ? LogLevel.DEBUG
        : child.isLevelEnabled("info")
          ? LogLevel.INFO
          : child.isLevelEnabled("warn")
            ? LogLevel.WARN
            : LogLevel.ERROR,
    setName: () => {},
  };
}
