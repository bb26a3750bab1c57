import { createLogger, type Logger } from "../../src/logger.js";

/** A real pino logger that writes nowhere unless LOG_LEVEL is set for debugging a test. */
export function silentLogger(): Logger {
  return createLogger({ level: process.env.LOG_LEVEL ?? "silent", secrets: [] });
}
