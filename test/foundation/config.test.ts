import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, platformsToStart } from "../../src/config.js";
import { runQuizbot } from "../support/run-cli.js";

describe("configuration", () => {
  it("GIVEN an empty environment THEN every default applies and the console is the platform", () => {
    const config = loadConfig({});
    expect(config.env.DATA_DIR).toBe("./data");
    expect(config.env.DATABASE_URL).toBeUndefined();
    expect(config.env.RUNNER_WALL_SECONDS).toBe(5);
    expect(platformsToStart(config.env)).toEqual(["console"]);
  });

  it("GIVEN several bad variables THEN one error names each of them and what it expects", () => {
    let caught: unknown;
    try {
      loadConfig({
        DATABASE_URL: "mysql://nope",
        RUNNER_MEMORY_MB: "lots",
        DEFAULT_TIMEZONE: "Mars/Olympus",
        SLACK_BOT_TOKEN: "xoxp-user-token",
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join("\n");
    expect(problems).toMatch(/DATABASE_URL: expected a postgres:\/\/ URL/);
    expect(problems).toMatch(/RUNNER_MEMORY_MB/);
    expect(problems).toMatch(/DEFAULT_TIMEZONE: expected an IANA time zone/);
    expect(problems).toMatch(/SLACK_BOT_TOKEN: expected a bot token/);
    expect((caught as ConfigError).problems).toHaveLength(4);
  });

  it("GIVEN runner services THEN their URLs are read, the token is required and kept secret", () => {
    const config = loadConfig({
      RUNNER_URL: "http://10.0.0.5:8090/, https://runner.example:8443",
      RUNNER_TOKEN: "a-long-enough-runner-token",
    });
    expect(config.env.RUNNER_URL).toEqual(["http://10.0.0.5:8090", "https://runner.example:8443"]);
    expect(config.secrets).toContain("a-long-enough-runner-token");
    expect(() => loadConfig({ RUNNER_URL: "http://10.0.0.5:8090" })).toThrow(
      /RUNNER_TOKEN: required when RUNNER_URL/,
    );
    expect(() => loadConfig({ RUNNER_URL: "ftp://x", RUNNER_TOKEN: "a-long-enough-runner-token" })).toThrow(
      /RUNNER_URL: expected http\(s\) URLs/,
    );
    expect(() => loadConfig({ RUNNER_TOKEN: "short" })).toThrow(/RUNNER_TOKEN: expected at least 16/);
  });

  it("GIVEN a Discord token without its application id THEN the missing partner is named", () => {
    expect(() => loadConfig({ DISCORD_TOKEN: "abc.def.ghi" })).toThrow(/DISCORD_APPLICATION_ID: required/);
  });

  it("GIVEN a secret-looking value in a bad variable THEN the message never echoes it", () => {
    try {
      loadConfig({ SLACK_BOT_TOKEN: "xoxp-very-secret-value" });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("very-secret-value");
    }
  });

  it("GIVEN a bad variable THEN `quizbot start` exits non-zero naming it, without a stack trace", async () => {
    // Through bin/quizbot.js on the sources, as a checkout runs it (the other child tests use a build).
    const run = await runQuizbot(["start"], { env: { RUNNER_WALL_SECONDS: "forever" }, throughBin: true });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain("RUNNER_WALL_SECONDS");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
