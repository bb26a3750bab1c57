import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { commands } from "../../src/cli/commands/index.js";
import { loadConfig } from "../../src/config.js";
import { repoRoot } from "../support/paths.js";

/*
 * Docker cannot run where the tests run, so docker-compose.yml is checked as far as that allows: it parses,
 * it has the services docs/scaling.md describes with health checks, every quizbot command and option it
 * uses exists in the CLI, and every variable it sets is one the configuration knows and accepts.
 */

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  security_opt?: string[];
  cap_add?: string[];
  cap_drop?: string[];
  depends_on?: Record<string, { condition: string }>;
}

async function composeServices(): Promise<Record<string, Service>> {
  const text = await readFile(path.join(repoRoot, "docker-compose.yml"), "utf8");
  return (parse(text, { merge: true }) as { services: Record<string, Service> }).services;
}

/** `${NAME:?message}` and `${NAME}` as compose would fill them from .env, with a stand-in value. */
function interpolated(value: string): string {
  return value.replace(/\$\{([A-Z_]+)(:\?[^}]*)?\}/g, (_match, name: string) =>
    name === "RUNNER_TOKEN" ? "compose-token-0123456789abcdef" : `stand-in-${name.toLowerCase()}`,
  );
}

const quizbotServices = ["runner-1", "runner-2", "bot-1", "bot-2"];

describe("GIVEN docker-compose.yml", () => {
  it("THEN it runs PostgreSQL, two bots and two runner services, each with a health check, from this repository's image", async () => {
    const services = await composeServices();
    expect(Object.keys(services).sort()).toEqual(["bot-1", "bot-2", "postgres", "runner-1", "runner-2"]);
    for (const [name, service] of Object.entries(services)) {
      // The bots' check is the image's own HEALTHCHECK (GET /healthz on HEALTH_PORT 8080).
      if (name.startsWith("bot-")) expect(service.environment?.HEALTH_PORT).toBe("8080");
      else expect(service.healthcheck?.test.length, name).toBeGreaterThan(0);
    }
    for (const name of quizbotServices) expect(services[name]?.build).toBe(".");
    const dockerfile = await readFile(path.join(repoRoot, "Dockerfile"), "utf8");
    expect(dockerfile).toContain("HEALTHCHECK");
    expect(dockerfile).toContain("127.0.0.1:8080/healthz");
    expect(services["bot-1"]?.depends_on?.postgres?.condition).toBe("service_healthy");
  });

  it("THEN every quizbot command and option it runs exists in the CLI", async () => {
    const services = await composeServices();
    for (const name of quizbotServices) {
      const [node, bin, commandName, ...rest] = services[name]?.command ?? [];
      expect([node, bin]).toEqual(["node", "bin/quizbot.js"]);
      const command = commands.find((candidate) => candidate.name === commandName);
      expect(command, `${name}: ${commandName}`).toBeDefined();
      const options = Object.keys(command?.options ?? {});
      for (const word of rest.filter((part) => part.startsWith("--"))) {
        expect(options, `${name}: ${word}`).toContain(word.slice(2));
      }
    }
    // The runner services' health check asks the port they listen on.
    const runner = services["runner-1"];
    const port = runner?.command?.[runner.command.indexOf("--port") + 1];
    expect(runner?.healthcheck?.test.join(" ")).toContain(`127.0.0.1:${port}/healthz`);
    expect(services["bot-1"]?.environment?.RUNNER_URL).toBe(
      `http://runner-1:${port},http://runner-2:${port}`,
    );
  });

  it("THEN every variable it gives quizbot is one the configuration knows, and the configuration accepts them", async () => {
    const services = await composeServices();
    for (const name of quizbotServices) {
      const environment = Object.fromEntries(
        Object.entries(services[name]?.environment ?? {}).map(([key, value]) => [key, interpolated(value)]),
      );
      // A platform token, as .env would hold, so that the bot's configuration is complete.
      const config = loadConfig({
        ...environment,
        DISCORD_TOKEN: "t",
        DISCORD_APPLICATION_ID: "123456789012345678",
      });
      for (const key of Object.keys(environment))
        expect(Object.keys(config.env), `${name}: ${key}`).toContain(key);
      if (name.startsWith("bot-")) {
        expect(config.env.RUNNER_URL).toEqual(["http://runner-1:8090", "http://runner-2:8090"]);
        expect(config.env.DATABASE_URL).toMatch(/^postgres:\/\/quizbot:.+@postgres:5432\/quizbot$/);
      }
    }
    const shardIds = ["bot-1", "bot-2"].map((name) => services[name]?.environment?.DISCORD_SHARD_IDS);
    expect(shardIds).toEqual(["0", "1"]);
  });

  it("THEN only the runner services lift seccomp and AppArmor, no container gains a capability, and all drop them", async () => {
    const services = await composeServices();
    for (const name of quizbotServices) {
      const service = services[name];
      expect(service?.cap_add, name).toBeUndefined();
      expect(service?.cap_drop, name).toEqual(["ALL"]);
      expect(service?.security_opt, name).toContain("no-new-privileges:true");
      const unconfined = (service?.security_opt ?? []).filter((option) => option.endsWith("=unconfined"));
      expect(unconfined, name).toEqual(
        name.startsWith("runner-") ? ["seccomp=unconfined", "apparmor=unconfined"] : [],
      );
    }
  });
});
