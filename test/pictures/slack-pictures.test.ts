import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Place } from "../../src/domain/ports/chat-platform.js";
import type { PictureRenderer } from "../../src/domain/ports/picture-renderer.js";
import { err } from "../../src/domain/result.js";
import { WorkerPictureRenderer } from "../../src/pictures/worker-picture-renderer.js";
import { fakeTeamId } from "../fakes/slack/fake-slack.js";
import { createSlack } from "../fakes/slack/slack-harness.js";
import { decodePng } from "./support/decode-png.js";
import { boardView as board, pictureViews } from "./support/picture-views.js";

const renderer = new WorkerPictureRenderer();
beforeAll(async () => {
  expect(await renderer.warm()).toBe(true);
}, 60_000);
afterAll(async () => {
  await renderer.close();
});

/** A renderer whose queue is always full: the text version must go out instead. */
const busy: PictureRenderer = { render: async () => err("busy"), close: async () => {} };

describe("pictures posted on Slack (real Bolt against the fake Slack)", () => {
  const place: Place = { platform: "slack", workspaceId: fakeTeamId, channelId: "C0PICTURES" };

  it("GIVEN a shared board WHEN posted THEN the text message goes first and the card follows through files.uploadV2 with its size and alt text", async () => {
    const slack = await createSlack("http", { pictures: renderer });
    try {
      await slack.platform.post(place, { ...board, sharedBy: "Ada" });
      const [post] = slack.fake.callsTo("chat.postMessage");
      expect(JSON.stringify(post?.args.blocks)).toContain("1290");
      const [asked] = slack.fake.callsTo("files.getUploadURLExternal");
      expect(asked?.args.filename).toBe("leaderboard.png");
      expect(String(asked?.args.alt_text)).toContain("1. Grace, 1290 points");
      const [upload] = slack.fake.uploads;
      if (!upload) throw new Error("nothing uploaded");
      expect(Number(asked?.args.length)).toBe(upload.bytes);
      const image = await decodePng(upload.data);
      expect(image.width).toBe(1600);
      const [completed] = slack.fake.callsTo("files.completeUploadExternal");
      expect(completed?.args.channel_id).toBe(place.channelId);
      expect(JSON.stringify(completed?.args.files)).toContain(upload.fileId);
      // Posted after the message, not in its thread: the card is seen in the channel.
      expect(completed?.args.thread_ts).toBeUndefined();
    } finally {
      await slack.stop();
    }
  });

  it("GIVEN the renderer is busy WHEN a board is posted THEN only the text message goes out", async () => {
    const slack = await createSlack("http", { pictures: busy });
    try {
      await slack.platform.post(place, board);
      expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(1);
      expect(slack.fake.callsTo("files.getUploadURLExternal")).toEqual([]);
    } finally {
      await slack.stop();
    }
  });

  for (const { view, filename, alt } of pictureViews) {
    it(`GIVEN a ${view.kind} view WHEN posted THEN ${filename} is uploaded into the channel with its alt text`, async () => {
      const slack = await createSlack("http", { pictures: renderer });
      try {
        await slack.platform.post(place, view);
        const [asked] = slack.fake.callsTo("files.getUploadURLExternal");
        expect(asked?.args.filename).toBe(filename);
        expect(String(asked?.args.alt_text)).toContain(alt);
        const image = await decodePng(slack.fake.uploads[0]?.data ?? Buffer.alloc(0));
        expect(image.width).toBeGreaterThanOrEqual(1200);
        expect(slack.fake.callsTo("files.completeUploadExternal")[0]?.args.channel_id).toBe(place.channelId);
      } finally {
        await slack.stop();
      }
    });
  }
});
