import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { shardOptions } from "../../../src/platforms/discord/create-discord-platform.js";
import { DiscordPlatform } from "../../../src/platforms/discord/discord-platform.js";
import { GatewayRefusedError } from "../../../src/platforms/discord/gateway-refusal.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { shardOfGuild } from "../../fakes/discord/fake-gateway.js";
import { eventually } from "../../support/manual-time.js";
import { runQuizbot } from "../../support/run-cli.js";
import { ada, capturingLogger, grace, RecordingHandler } from "./harness.js";
import { shardedGuilds } from "./shard-harness.js";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function fakeDiscord(): Promise<FakeDiscord> {
  const discord = await new FakeDiscord({ guilds: shardedGuilds }).start();
  stops.push(() => discord.close());
  return discord;
}

/** A DiscordPlatform that connects `shards` of `shardCount`, as one process of several would. */
function shardPlatform(discord: FakeDiscord, shards: number[], shardCount: number): DiscordPlatform {
  const platform = new DiscordPlatform({
    token: discord.token,
    applicationId: discord.applicationId,
    apiUrl: discord.apiUrl,
    logger: capturingLogger([discord.token]).logger,
    shards,
    shardCount,
  });
  stops.push(() => platform.stop());
  return platform;
}

describe("Discord shards split over processes", () => {
  it("GIVEN the two test servers THEN Discord's rule puts them on shards 0 and 1 of 2", () => {
    expect(shardedGuilds.map((guild) => shardOfGuild(guild.id, 2))).toEqual([0, 1]);
  });

  it("GIVEN shard 0 and shard 1 of 2 in two clients THEN each identifies as its shard, knows only its server, and alone gets that server's interactions", async () => {
    const discord = await fakeDiscord();
    const [zero, one] = [new RecordingHandler(), new RecordingHandler()];
    const platforms = [shardPlatform(discord, [0], 2), shardPlatform(discord, [1], 2)];
    await Promise.all([platforms[0]?.start(zero.handle), platforms[1]?.start(one.handle)]);
    expect(discord.gateway.identifies.map((identity) => identity.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(platforms.map((platform) => [...platform.client.guilds.cache.keys()])).toEqual([
      [shardedGuilds[0]?.id],
      [shardedGuilds[1]?.id],
    ]);

    const [first, second] = shardedGuilds;
    const toZero = zero.next(20_000);
    const toOne = one.next(20_000);
    const sentZero = discord.send.command(ada, "stats", {}, undefined, { guildId: first?.id ?? "" });
    const sentOne = discord.send.command(grace, "stats", {}, undefined, { guildId: second?.id ?? "" });
    expect(await toZero).toMatchObject({ deliveryId: sentZero.id, place: { workspaceId: first?.id } });
    expect(await toOne).toMatchObject({ deliveryId: sentOne.id, place: { workspaceId: second?.id } });

    // A direct message belongs to shard 0.
    const dm = zero.next(20_000);
    const sentDm = discord.send.command(ada, "stats", {}, undefined, { dm: true });
    expect(await dm).toMatchObject({ deliveryId: sentDm.id, place: { workspaceId: "dm" } });
    expect(zero.events.map((event) => ("deliveryId" in event ? event.deliveryId : undefined))).toEqual([
      sentZero.id,
      sentDm.id,
    ]);
    expect(one.events.map((event) => ("deliveryId" in event ? event.deliveryId : undefined))).toEqual([
      sentOne.id,
    ]);
  });

  it("GIVEN both shards' connections dropped THEN each resumes as its own shard and keeps getting only its server's interactions", async () => {
    const discord = await fakeDiscord();
    const [zero, one] = [new RecordingHandler(), new RecordingHandler()];
    const platforms = [shardPlatform(discord, [0], 2), shardPlatform(discord, [1], 2)];
    await Promise.all([platforms[0]?.start(zero.handle), platforms[1]?.start(one.handle)]);
    discord.gateway.dropConnections();
    await eventually(() => {
      expect(discord.gateway.resumes).toBe(2);
      expect(discord.gateway.connectedShards.sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
    }, 30_000);
    const toOne = one.next(20_000);
    const sent = discord.send.command(grace, "stats", {}, undefined, { guildId: shardedGuilds[1]?.id ?? "" });
    expect(await toOne).toMatchObject({ deliveryId: sent.id });
    expect(zero.events).toEqual([]);
  });

  it("GIVEN a shard id outside its count THEN Discord closes it with 4010 and start-up fails naming the variables, instead of waiting forever", async () => {
    const discord = await fakeDiscord();
    const platform = shardPlatform(discord, [2], 2);
    const started = platform.start(async () => {});
    await expect(started).rejects.toBeInstanceOf(GatewayRefusedError);
    await expect(started).rejects.toThrow(/code 4010 .*DISCORD_SHARDS and DISCORD_SHARD_IDS/);
    expect(discord.gateway.connectedShards).toEqual([]);
  });
});

describe("DISCORD_SHARDS and DISCORD_SHARD_IDS", () => {
  it("GIVEN a count and this process's ids THEN the client connects those ids of that count", () => {
    const env = loadConfig({ DISCORD_SHARDS: "4", DISCORD_SHARD_IDS: "1, 3" }).env;
    expect(shardOptions(env)).toEqual({ shards: [1, 3], shardCount: 4 });
    expect(shardOptions(loadConfig({ DISCORD_SHARDS: "2" }).env)).toEqual({ shards: [0, 1], shardCount: 2 });
    expect(shardOptions(loadConfig({ DISCORD_SHARDS: "auto" }).env)).toEqual({ shards: "auto" });
    expect(shardOptions(loadConfig({}).env)).toEqual({});
  });

  it.each([
    [{ DISCORD_SHARDS: "two" }, /DISCORD_SHARDS: expected auto or a whole number/],
    [{ DISCORD_SHARDS: "0" }, /DISCORD_SHARDS: /],
    [{ DISCORD_SHARDS: "2", DISCORD_SHARD_IDS: "0;1" }, /DISCORD_SHARD_IDS: expected shard ids separated/],
    [{ DISCORD_SHARDS: "2", DISCORD_SHARD_IDS: "2" }, /DISCORD_SHARD_IDS: 2 not below DISCORD_SHARDS \(2\)/],
    [{ DISCORD_SHARDS: "3", DISCORD_SHARD_IDS: "1,1" }, /DISCORD_SHARD_IDS: a shard is listed twice/],
    [{ DISCORD_SHARD_IDS: "0" }, /DISCORD_SHARD_IDS: needs DISCORD_SHARDS/],
    [{ DISCORD_SHARDS: "auto", DISCORD_SHARD_IDS: "0" }, /DISCORD_SHARD_IDS: needs DISCORD_SHARDS/],
  ])("GIVEN %o THEN the configuration is refused naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("GIVEN a bad shard id THEN `quizbot start` stops before connecting, naming DISCORD_SHARD_IDS", async () => {
    const run = await runQuizbot(["start"], {
      env: {
        DISCORD_TOKEN: "fake-bot-token.abcdef.0123456789",
        DISCORD_APPLICATION_ID: "100000000000000001",
        DISCORD_SHARDS: "2",
        DISCORD_SHARD_IDS: "5",
      },
    });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain("DISCORD_SHARD_IDS: 5 not below DISCORD_SHARDS (2)");
    expect(run.stderr).not.toContain("fake-bot-token");
  });
});
