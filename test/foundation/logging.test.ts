import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { textDestination } from "../../src/log-text.js";
import { createLogger } from "../../src/logger.js";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { lines, destination };
}

describe("logging", () => {
  const secret = "xoxb-1234-abcd-SECRET";

  it("GIVEN a secret under a credential field name THEN the line shows it redacted", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "info", secrets: [], destination });
    logger.info(
      { token: "abc", headers: { authorization: "Bot abc" }, slack: { botToken: "xoxb-x" } },
      "connecting",
    );
    const line = lines.join("");
    expect(line).toContain('"token":"[redacted]"');
    expect(line).not.toContain("Bot abc");
    expect(line).not.toContain("xoxb-x");
  });

  it("GIVEN a configured secret inside a message, a nested field or an error THEN it never reaches the output", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "info", secrets: [secret], destination });
    logger.info({ detail: { url: `https://x.test/?t=${secret}` } }, `login with ${secret} failed`);
    logger.error({ err: new Error(`rejected token ${secret}`) }, "request failed");
    const output = lines.join("");
    expect(output).not.toContain(secret);
    expect(output.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(3);
    expect(output).toContain('"message":"rejected token [redacted]"');
  });
});

describe("logging errors", () => {
  it("GIVEN no secrets are configured THEN a logged error still keeps its message and stack", () => {
    const { lines, destination } = capture();
    createLogger({ level: "info", secrets: [], destination }).error({ err: new Error("boom") }, "failed");
    expect(lines.join("")).toMatch(/"message":"boom","stack":"Error: boom/);
  });

  it("GIVEN the text format (the console's) THEN a warning is one readable sentence, scrubbed, not JSON", () => {
    const secret = "xoxb-1234-abcd-SECRET";
    const { lines, destination } = capture();
    const logger = createLogger({
      level: "info",
      secrets: [secret],
      destination: textDestination(destination),
    });
    logger.warn(
      { reason: "bwrap is not installed (apt-get install bubblewrap)", slots: 2, token: secret },
      "bubblewrap sandbox unavailable; running snippets in Pyodide (no threads or processes)",
    );
    logger.error({ err: new Error(`refused ${secret}`) }, "posting failed");
    expect(lines).toEqual([
      "quizbot warning: bubblewrap sandbox unavailable; running snippets in Pyodide (no threads or processes): bwrap is not installed (apt-get install bubblewrap) (slots 2, token [redacted])\n",
      "quizbot error: posting failed: refused [redacted]\n",
    ]);
  });

  it("GIVEN LOG_FORMAT THEN auto is the default and json and text are taken; anything else is refused", () => {
    expect(loadConfig({}).env.LOG_FORMAT).toBe("auto");
    expect(loadConfig({ LOG_FORMAT: "text" }).env.LOG_FORMAT).toBe("text");
    expect(() => loadConfig({ LOG_FORMAT: "yaml" })).toThrow(/LOG_FORMAT/);
  });
});
