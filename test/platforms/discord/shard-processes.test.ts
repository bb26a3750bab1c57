import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../../src/storage/leaderboards/recount.js";
import { FakeDiscord, type RecordedRequest } from "../../fakes/discord/fake-discord.js";
import type { SentInteraction } from "../../fakes/discord/interaction-sender.js";
import type { FakeUser } from "../../fakes/discord/payloads.js";
import { type BotProcess, writeChoicePack } from "../../support/bot-process.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { eventually } from "../../support/manual-time.js";
import { connectedToDiscord, shardedGuilds, startShardProcess } from "./shard-harness.js";

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
  let startShard: (shard: number) => BotProcess;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "quizbot-shards-"));
    const packs = await writeChoicePack(root, 2);
    database = await createTestDatabase("postgres");
    // Three members and the bot: the question closes as soon as all three have answered.
    discord = await new FakeDiscord({
      guilds: shardedGuilds.map((guild) => ({ ...guild, memberCount: members.length + 1 })),
    }).start();
    const setting = { discord, database, packs, shards: 2 };
    startShard = (shard) => startShardProcess(setting, shard);
    processes = [0, 1].map((shard) => startShard(shard));
    await connectedToDiscord(processes);
  }, 330_000);

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

  const channelPosts = (channelId: string) =>
    discord.requests.filter(
      (request) => request.method === "POST" && request.path === `/channels/${channelId}/messages`,
    );
  const titlesIn = (channelId: string) =>
    channelPosts(channelId).map((request: RecordedRequest) => (request.body as Posted).embeds?.[0]?.title);
  const callbacksTo = (sent: SentInteraction) =>
    discord.requests.filter((request) => sent.answers(request) && request.path.endsWith("/callback"));

  it("GIVEN a round in each shard's server at once THEN both play out and every answer is answered once and counted once", async () => {
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
    await eventually(() => {
      for (const sent of [...starts, ...answers]) expect(callbacksTo(sent)).toHaveLength(1);
    }, 90_000);

    // Each round closes early (everyone answered) and posts its summary in its own channel.
    for (const guild of shardedGuilds) {
      const channelId = guild.channelIds[0] ?? "";
      await eventually(() => expect(titlesIn(channelId)).toContain("Round over"), 90_000);
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
  }, 360_000);

  it("GIVEN shard 1's process killed with SIGKILL while its server has a round open THEN a fresh process for shard 1 takes the server's clicks and the round finishes, each answer counted once", async () => {
    const guild = shardedGuilds[1];
    const channelId = guild?.channelIds[0] ?? "";
    const summariesBefore = titlesIn(channelId).filter((title) => title === "Round over").length;
    const questionsBefore = new Set(
      [...discord.messages.values()].filter((message) => message.channel_id === channelId).map((m) => m.id),
    );
    discord.send.command(admin, "quiz", { questions: 1, seconds: 30 }, "start", { guildId: guild?.id ?? "" });
    const question = () =>
      [...discord.messages.values()].find(
        (message) =>
          message.channel_id === channelId &&
          message.components.length > 0 &&
          !questionsBefore.has(message.id),
      );
    await eventually(() => expect(question()).toBeDefined(), 60_000);
    const buttons = ((question()?.components ?? []) as Posted["components"] & object).flatMap(
      (row) => row.components,
    );
    const answerB = (member: FakeUser) =>
      discord.send.button(
        member,
        question()?.id ?? "",
        buttons.find((b) => b.label === "B")?.custom_id ?? "",
      );

    const [first, ...rest] = members as [FakeUser, ...FakeUser[]];
    const firstAnswer = answerB(first);
    await eventually(() => expect(callbacksTo(firstAnswer)).toHaveLength(1), 60_000);
    processes[1]?.kill("SIGKILL");
    await processes[1]?.exited;
    await eventually(() => expect(discord.gateway.connectedShards).toEqual([[0, 2]]), 30_000);

    const restarted = startShard(1);
    processes[1] = restarted;
    await connectedToDiscord([restarted]);
    const later = rest.map((member) => answerB(member));
    await eventually(() => {
      for (const sent of later) expect(callbacksTo(sent)).toHaveLength(1);
    }, 90_000);
    await eventually(
      () =>
        expect(titlesIn(channelId).filter((title) => title === "Round over")).toHaveLength(
          summariesBefore + 1,
        ),
      120_000,
    );

    const stored = await selectRows<{ member: string; answers: number }>(
      database.db,
      sql`select u.platform_user_id as member, count(*)::int as answers
          from answers a join users u on u.id = a.user_id
            join round_questions rq on rq.id = a.round_question_id
          where rq.round_id = (select max(id) from rounds where workspace_id = ${guild?.id ?? ""})
          group by 1 order by 1`,
    );
    expect(stored).toEqual(members.map((member) => ({ member: member.id, answers: 1 })));
  }, 420_000);
});
