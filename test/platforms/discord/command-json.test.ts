import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/main.js";
import { buildDiscordCommands } from "../../../src/platforms/discord/command-json.js";
import { commandDefinitions } from "../../../src/platforms/shared/commands.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";

type Json = Record<string, unknown> & { name: string; options?: Json[] };
const commands = buildDiscordCommands() as unknown as Json[];
const byName = (list: readonly Json[] | undefined, name: string) =>
  list?.find((entry) => entry.name === name);

describe("Discord command JSON from the shared definitions", () => {
  it("GIVEN the definitions THEN every command is a slash command and Run & review a message command", () => {
    expect(commands.filter((command) => command.type === 1).map((command) => command.name)).toEqual(
      commandDefinitions.map((definition) => definition.name),
    );
    expect(commands.filter((command) => command.type === 3)).toEqual([
      expect.objectContaining({ name: "Run & review", type: 3 }),
    ]);
  });

  it("GIVEN /quiz schedule add THEN schedule is a subcommand group (type 2) holding add, list, pause, resume, remove", () => {
    const schedule = byName(byName(commands, "quiz")?.options, "schedule");
    expect(schedule?.type).toBe(2);
    expect(schedule?.options?.map((option) => option.name)).toEqual([
      "add",
      "list",
      "pause",
      "resume",
      "remove",
    ]);
    const add = byName(schedule?.options, "add");
    expect(add?.type).toBe(1);
    expect(byName(add?.options, "when")).toMatchObject({ type: 3, required: true });
    expect(byName(add?.options, "pack")).toMatchObject({ type: 3, autocomplete: true });
    expect(byName(add?.options, "questions")).toMatchObject({ type: 4, min_value: 1, max_value: 10 });
  });

  it("GIVEN typed options THEN choices, ranges, number types and autocomplete flags carry over", () => {
    const start = byName(byName(commands, "quiz")?.options, "start");
    expect(byName(start?.options, "topic")).toMatchObject({ type: 3, autocomplete: true, required: false });
    expect(byName(start?.options, "mode")).toMatchObject({
      type: 3,
      choices: [
        { name: "everyone", value: "everyone" },
        { name: "first_correct", value: "first_correct" },
      ],
    });
    expect(byName(start?.options, "mode")).not.toHaveProperty("autocomplete");
    expect(byName(start?.options, "seconds")).toMatchObject({ type: 4, min_value: 5, max_value: 600 });
    const settings = byName(byName(commands, "review")?.options, "settings");
    expect(byName(settings?.options, "retention")).toMatchObject({
      type: 10,
      min_value: 0.7,
      max_value: 0.97,
    });
    expect(byName(byName(commands, "leaderboard")?.options, "group")).toMatchObject({
      type: 3,
      autocomplete: true,
    });
  });

  it("GIVEN any command THEN names and descriptions fit Discord's limits and required options come first", () => {
    const visit = (options: readonly Json[] | undefined) => {
      let seenOptional = false;
      for (const option of options ?? []) {
        expect(option.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
        expect(String(option.description).length).toBeLessThanOrEqual(100);
        if (option.type !== 1 && option.type !== 2) {
          if (option.required) expect(seenOptional).toBe(false);
          else seenOptional = true;
        }
        visit(option.options);
      }
    };
    for (const command of commands.filter((entry) => entry.type === 1)) visit([command]);
  });
});

describe("quizbot discord register", () => {
  let discord: FakeDiscord | undefined;
  afterEach(async () => {
    await discord?.close();
    discord = undefined;
  });

  async function run(args: string[]) {
    discord = await new FakeDiscord().start();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    let err = "";
    stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const env = {
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      PLATFORM: "console",
    };
    const code = await runCli(["discord", ...args], { env, stdout, stderr, stdin: new PassThrough() });
    return { code, out, err, discord };
  }

  it("GIVEN --guild WHEN registering THEN the commands are PUT to that guild and the invite URL is printed", async () => {
    const { code, out, err, discord } = await run(["register", "--guild", "200000000000000001"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const put = await discord.waitForRequest((request) => request.method === "PUT");
    expect(put.path).toBe(`/applications/${discord.applicationId}/guilds/200000000000000001/commands`);
    expect(put.authorization).toBe(`Bot ${discord.token}`);
    expect(put.body).toEqual(JSON.parse(JSON.stringify(buildDiscordCommands())));
    expect(out).toContain(
      `Registered ${commandDefinitions.length + 1} commands to server 200000000000000001`,
    );
    expect(out).toContain("/quiz, /review");
    expect(out).toContain(
      `https://discord.com/oauth2/authorize?client_id=${discord.applicationId}&scope=bot+applications.commands&permissions=52224`,
    );
    expect(out).not.toContain(discord.token);
  });

  it("GIVEN no guild WHEN registering THEN the commands are PUT globally", async () => {
    const { code, discord } = await run(["register"]);
    expect(code).toBe(0);
    expect(discord.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `PUT /applications/${discord.applicationId}/commands`,
    ]);
    expect(discord.registeredCommands.get("global")).toHaveLength(commandDefinitions.length + 1);
  });

  it("GIVEN Discord refuses WHEN registering THEN it fails with exit code 1 and without the token", async () => {
    discord = await new FakeDiscord().start();
    discord.failNext(() => true, { status: 401, times: 5 });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = "";
    stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const env = {
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    };
    const code = await runCli(["discord", "register"], { env, stdout, stderr, stdin: new PassThrough() });
    expect(code).toBe(1);
    expect(err).toContain("registering failed");
    expect(err).not.toContain(discord.token);
  });
});
