import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkerPictureRenderer } from "../../src/pictures/worker-picture-renderer.js";
import type { PrivatePictureOptions } from "../../src/platforms/slack/private-pictures.js";
import { FakeSlack } from "../fakes/slack/fake-slack.js";
import { type Actor, slashCommand } from "../fakes/slack/payloads.js";
import { postCommand } from "../fakes/slack/signed-request.js";
import { botToken, signingSecret, startSlackBot } from "../fakes/slack/slack-harness.js";
import { decodePng } from "./support/decode-png.js";

const renderer = new WorkerPictureRenderer();
beforeAll(async () => {
  expect(await renderer.warm()).toBe(true);
}, 60_000);
afterAll(async () => {
  await renderer.close();
});

const ada: Actor = { userId: "UADA", userName: "ada", channelId: "CSTUDY" };

type Block = { type: string; alt_text?: string; slack_file?: { id?: string } };
const blocksOf = (body: Record<string, unknown> | undefined) => (body?.blocks ?? []) as Block[];

/** The real bot behind the real Bolt app (HTTP mode) against the fake Slack, drawing with the real renderer. */
async function botWith(
  privatePictures: PrivatePictureOptions | undefined,
  prepare: (fake: FakeSlack) => void,
) {
  const started = await startSlackBot(
    [{ id: ada.userId, name: "ada", displayName: "Ada" }],
    { rounds: { sweepMs: 600_000 } },
    { pictures: renderer, ...(privatePictures ? { privatePictures } : {}) },
  );
  prepare(started.slack.fake);
  return started;
}

/** Ada's /leaderboard, answered through the command's response_url; resolves with the reply's body. */
async function askForBoard(started: Awaited<ReturnType<typeof botWith>>) {
  const { fake, eventsUrl } = started.slack;
  const before = fake.responses.length;
  await postCommand(eventsUrl, slashCommand(ada, "/leaderboard", "", fake.responseUrl()), { signingSecret });
  await fake.waitFor(() => fake.responses.length > before, 30_000);
  return fake.responses[before]?.body;
}

/** Nothing reached the channel for everyone: no message, and no upload shared anywhere. */
function expectNothingPublic(fake: FakeSlack): void {
  expect(fake.callsTo("chat.postMessage")).toEqual([]);
  for (const call of fake.callsTo("files.completeUploadExternal")) {
    expect(call.args.channel_id).toBeUndefined();
    expect(call.args.channels).toBeUndefined();
  }
  for (const file of fake.files.byId.values()) expect(file.channels).toEqual([]);
  expect(fake.callsTo("files.sharedPublicURL")).toEqual([]);
}

describe("pictures in private replies on Slack (SLACK_PRIVATE_PICTURES)", { timeout: 120_000 }, () => {
  it("GIVEN Slack processes the upload after two polls WHEN Ada asks /leaderboard THEN her ephemeral reply carries the card as an image block with alt text beside the text version, and nobody else sees a thing", async () => {
    const started = await botWith({ pollMs: 20, waitMs: 30_000 }, (fake) => {
      fake.files.unprocessedFor = 2;
    });
    try {
      const { fake } = started.slack;
      const body = await askForBoard(started);
      expect(body?.response_type).toBe("ephemeral");
      const blocks = blocksOf(body);
      const image = blocks.find((block) => block.type === "image");
      const fileId = image?.slack_file?.id ?? "";
      expect(fake.files.byId.get(fileId)?.filename).toBe("leaderboard.png");
      expect(image?.alt_text).toContain("No answers here yet");
      // The text version stays in the same message: the board's words, and its Share button after the card.
      expect(JSON.stringify(blocks)).toContain("Leaderboard");
      const imageAt = blocks.findIndex((block) => block.type === "image");
      expect(blocks.findIndex((block) => block.type === "actions")).toBeGreaterThan(imageAt);
      // It waited: two answers without a mimetype, then the one with it, and only then the reply.
      const infos = fake.callsTo("files.info").map((call) => call.answer as { file?: { mimetype?: string } });
      expect(infos.map((answer) => answer.file?.mimetype)).toEqual(["", "", "image/png"]);
      expect(fake.refusedResponses).toEqual([]);
      const [upload] = fake.uploads;
      expect((await decodePng(upload?.data ?? Buffer.alloc(0))).width).toBe(1600);
      expect(fake.callsTo("files.delete")).toEqual([]);
      expectNothingPublic(fake);
    } finally {
      await started.stop();
    }
  });

  it("GIVEN Slack never finishes processing WHEN the poll runs out THEN the reply is the text version alone and the unused file is deleted", async () => {
    const started = await botWith({ pollMs: 20, waitMs: 150 }, (fake) => {
      fake.files.unprocessedFor = Number.POSITIVE_INFINITY;
    });
    try {
      const { fake } = started.slack;
      const body = await askForBoard(started);
      expect(blocksOf(body).some((block) => block.type === "image")).toBe(false);
      expect(JSON.stringify(blocksOf(body))).toContain("No answers here yet");
      expect(fake.callsTo("files.info").length).toBeGreaterThan(1);
      const [uploaded] = fake.files.byId.keys();
      await fake.waitFor(() => fake.callsTo("files.delete").length === 1);
      expect(fake.callsTo("files.delete")[0]?.args.file).toBe(uploaded);
      expect(started.slack.logs.join("")).toContain("had not processed the picture in time");
      expectNothingPublic(fake);
    } finally {
      await started.stop();
    }
  });

  it("GIVEN the app lacks files:read WHEN Ada asks twice THEN both replies are text, the log names the scope once, and the second does not upload again", async () => {
    const started = await botWith({ pollMs: 20, waitMs: 30_000 }, (fake) => {
      fake.missingScopes.add("files:read");
    });
    try {
      const { fake } = started.slack;
      const first = await askForBoard(started);
      expect(blocksOf(first).some((block) => block.type === "image")).toBe(false);
      expect(fake.callsTo("files.info").map((call) => call.answer)).toEqual([
        expect.objectContaining({ ok: false, error: "missing_scope", needed: "files:read" }),
      ]);
      await fake.waitFor(() => fake.callsTo("files.delete").length === 1);
      expect(started.slack.logs.join("")).toContain("needs the files:read scope");
      const second = await askForBoard(started);
      expect(blocksOf(second).some((block) => block.type === "image")).toBe(false);
      expect(fake.callsTo("files.getUploadURLExternal")).toHaveLength(1);
      const warned = started.slack.logs.filter((line) => line.includes("needs the files:read scope"));
      expect(warned).toHaveLength(1);
      expectNothingPublic(fake);
    } finally {
      await started.stop();
    }
  });

  it("GIVEN Slack refuses the pictured reply after all (invalid_blocks) THEN the text version follows alone through chat.postEphemeral", async () => {
    const started = await botWith({ pollMs: 20, waitMs: 30_000 }, (fake) => {
      // No response_url: the reply goes through chat.postEphemeral, whose first answer is the refusal.
      fake.responseUrlsExpired = true;
      fake.failNext("chat.postEphemeral", "invalid_blocks");
    });
    try {
      const { fake, eventsUrl } = started.slack;
      await postCommand(eventsUrl, slashCommand(ada, "/leaderboard", "", fake.responseUrl()), {
        signingSecret,
      });
      await fake.waitFor(() => fake.callsTo("chat.postEphemeral").length === 2, 30_000);
      const [refused, sent] = fake.callsTo("chat.postEphemeral");
      expect(blocksOf(refused?.args).some((block) => block.type === "image")).toBe(true);
      expect(sent?.args.user).toBe(ada.userId);
      expect(blocksOf(sent?.args).some((block) => block.type === "image")).toBe(false);
      expect(JSON.stringify(sent?.args.blocks)).toContain("No answers here yet");
      expect(started.slack.logs.join("")).toContain("private picture refused");
      expectNothingPublic(fake);
    } finally {
      await started.stop();
    }
  });

  it("GIVEN private pictures off (the default) WHEN Ada asks /leaderboard THEN the reply is text and nothing is uploaded", async () => {
    const started = await botWith(undefined, () => {});
    try {
      const { fake } = started.slack;
      const body = await askForBoard(started);
      expect(blocksOf(body).some((block) => block.type === "image")).toBe(false);
      expect(JSON.stringify(blocksOf(body))).toContain("No answers here yet");
      expect(fake.callsTo("files.getUploadURLExternal")).toEqual([]);
      expect(fake.callsTo("files.info")).toEqual([]);
      expectNothingPublic(fake);
    } finally {
      await started.stop();
    }
  });
});

describe("the fake Slack's private files", () => {
  it("GIVEN a file uploaded without a channel THEN a message naming it is refused with invalid_blocks until files.info shows it processed", async () => {
    const fake = await FakeSlack.start();
    fake.files.unprocessedFor = 1;
    try {
      const client = new webApi.WebClient(botToken, { slackApiUrl: fake.apiUrl });
      const uploaded = (await client.files.uploadV2({ filename: "a.png", file: Buffer.from("png") })) as {
        files?: { files?: { id?: string }[] }[];
      };
      const id = uploaded.files?.[0]?.files?.[0]?.id ?? "";
      const message = {
        channel: ada.channelId,
        user: ada.userId,
        text: "a picture",
        blocks: [{ type: "image" as const, slack_file: { id }, alt_text: "a picture" }],
      };
      await expect(client.chat.postEphemeral(message)).rejects.toMatchObject({
        data: { error: "invalid_blocks" },
      });
      expect((await client.files.info({ file: id })).file?.mimetype).toBe("");
      expect((await client.files.info({ file: id })).file?.mimetype).toBe("image/png");
      expect((await client.chat.postEphemeral(message)).ok).toBe(true);
    } finally {
      await fake.stop();
    }
  });
});
