import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../../src/storage/leaderboards/recount.js";
import { FakeDiscord, type RecordedRequest } from "../../fakes/discord/fake-discord.js";
import type { SentInteraction } from "../../fakes/discord/interaction-sender.js";
import type { FakeUser } from "../../fakes/discord/payloads.js";
import { BotProcess, writeChoicePack } from "../../support/bot-process.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { eventually } from "../../support/manual-time.js";
import { discordProcessEnv, shardedGuilds } from "./shard-harness.js";

const members: FakeUser[] = ["ada", "grace", "linus"].map((name, index) => ({
  id: `50000000000000010${index}`,
  username: name,
}));
const admin: FakeUser = { id: "500000000000000199", username: "root", admin: true };

type Button = { custom_id: string; label: string };
type Posted = { embeds?: { title?: string }[]; components?: { components: Button[] }[] };

/**
 * Two real `quizbot start` processes, shard 0 and shard 1 of 2 (DISCORD_SHARDS / DISCORD_SHARD_IDS), on one
 * PostgreSQL database, behind one fake Discord whose gateway routes each server's interactions to the shard
 * that owns it. Several processes need a database server: PGlite lives inside one process.
 */
describe.runIf(process.env.TEST_DATABASE_URL)("two bot processes, one Discord shard each", () => {
  let root: string;
  let database: TestDatabase;
  let discord: FakeDiscord;
  let processes: BotProcess[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "quizbot-shards-"));
    const packs = await writeChoicePack(root, 2);
    database = await createTestDatabase("postgres");
    // Three members and the bot: the question closes as soon as all three have answered.
    discord = await new FakeDiscord({
      guilds: shardedGuilds.map((guild) => ({ ...guild, memberCount: members.length + 1 })),
    }).start();
    processes = [0, 1].map((shard) =>
      BotProcess.start(["--platform", "discord"], {
        ...discordProcessEnv(discord, database, packs),
        DISCORD_SHARDS: "2",
        DISCORD_SHARD_IDS: String(shard),
      }),
    );
    await Promise.all(
      processes.map((bot) => bot.waitForOutput(/connected to Discord/, { timeoutMs: 120_000 })),
    );
  }, 180_000);

  afterAll(async () => {
    for (const bot of processes) bot.kill("SIGTERM");
    await Promise.all(processes.map((bot) => bot.exited));
    await discord?.close();
    await database?.close();
    await rm(root, { recursive: true, force: true });
  }, 60_000);

  it("GIVEN shard 0 and shard 1 in two processes THEN each process identified as its own shard", () => {
    expect(discord.gateway.connectedShards.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(processes[0]?.stdout).toMatch(/"shards":\[0\],"shardCount":2/);
    expect(processes[1]?.stdout).toMatch(/"shards":\[1\],"shardCount":2/);
  });

  it("GIVEN a round in each shard's server at once THEN both play out and every answer is answered once and counted once", async () => {
    const channelPosts = (channelId: string) =>
      discord.requests.filter(
        (request) => request.method === "POST" && request.path === `/channels/${channelId}/messages`,
      );
    const starts = shardedGuilds.map((guild) =>
      discord.send.command(admin, "quiz", { questions: 1, seconds: 60 }, "start", { guildId: guild.id }),
    );
    const questions = await Promise.all(
      shardedGuilds.map(async (guild) => {
        const channelId = guild.channelIds[0] ?? "";
        await eventually(() => expect(channelPosts(channelId).length).toBeGreaterThanOrEqual(1), 60_000);
        const message = [...discord.messages.values()].find(
          (candidate) => candidate.channel_id === channelId && candidate.components.length > 0,
        );
        const buttons = ((message?.components ?? []) as Posted["components"] & object).flatMap(
          (row) => row.components,
        );
        return { messageId: message?.id ?? "", buttons };
      }),
    );

    // Every member answers B in both servers, all at once.
    const answers: SentInteraction[] = questions.flatMap(({ messageId, buttons }) =>
      members.map((member) =>
        discord.send.button(
          member,
          messageId,
          buttons.find((button) => button.label === "B")?.custom_id ?? "",
        ),
      ),
    );
    const answered = (sent: SentInteraction) =>
      discord.requests.filter((request) => sent.answers(request) && request.path.endsWith("/callback"));
    await eventually(() => {
      for (const sent of [...starts, ...answers]) expect(answered(sent)).toHaveLength(1);
    }, 90_000);

    // Each round closes early (everyone answered) and posts its summary in its own channel.
    for (const guild of shardedGuilds) {
      const channelId = guild.channelIds[0] ?? "";
      await eventually(() => {
        const titles = channelPosts(channelId).map(
          (request: RecordedRequest) => (request.body as Posted).embeds?.[0]?.title,
        );
        expect(titles).toContain("Round over");
      }, 90_000);
    }

    const stored = await selectRows<{ guild: string; member: string; answers: number; correct: number }>(
      database.db,
      sql`select r.workspace_id as guild, u.platform_user_id as member, count(*)::int as answers,
            count(*) filter (where a.correct)::int as correct
          from answers a join users u on u.id = a.user_id
            join round_questions rq on rq.id = a.round_question_id join rounds r on r.id = rq.round_id
          group by r.workspace_id, u.platform_user_id order by 1, 2`,
    );
    expect(stored).toEqual(
      shardedGuilds.flatMap((guild) =>
        members.map((member) => ({ guild: guild.id, member: member.id, answers: 1, correct: 1 })),
      ),
    );
    expect(discord.unknownRoutes).toEqual([]);
    for (const bot of processes) expect(bot.stdout).not.toMatch(/"level":(50|60)/);
  }, 240_000);
});
