import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandEvent } from "../../src/domain/ports/chat-platform.js";
import type { PictureRenderer } from "../../src/domain/ports/picture-renderer.js";
import { err } from "../../src/domain/result.js";
import { WorkerPictureRenderer } from "../../src/pictures/worker-picture-renderer.js";
import { ada, startDiscord } from "../platforms/discord/harness.js";
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

type Attachment = { id: number; filename: string; description?: string };
type Body = {
  type?: number;
  data?: Body;
  attachments?: Attachment[];
  embeds?: { image?: { url: string }; description?: string }[];
};

// Discord and Slack are tested in separate files: loading Bolt's Socket Mode first installs undici 7 as
// the process's global dispatcher, which cannot send discord.js's (undici 6) multipart uploads. The bot
// loads discord.js first (src/platforms/create-platforms.ts), so production is not affected.
describe("pictures posted on Discord (real discord.js against the fake Discord)", () => {
  it("GIVEN /leaderboard WHEN answered privately THEN the card is attached as a PNG with alt text, shown in the embed, and the table gives way to it", async () => {
    const { discord, stop } = await startDiscord(
      async (event) => {
        if (event.type === "command") await (event as CommandEvent).reply.private(board);
      },
      { pictures: renderer },
    );
    try {
      const sent = discord.send.command(ada, "leaderboard", {});
      const answer = await discord.waitForRequest(
        (request) => sent.answers(request) && request.files.length > 0,
      );
      const body = answer.body as Body;
      const data = body.data ?? body;
      const [file] = answer.files;
      if (!file) throw new Error("no file");
      expect(file.filename).toBe("leaderboard.png");
      const image = await decodePng(file.bytes);
      expect(image.width).toBe(1600);
      expect(image.height).toBeGreaterThan(400);
      const alt = data.attachments?.[0]?.description ?? "";
      expect(alt).toContain("1. Grace, 1290 points");
      expect(alt).toContain("2. Ada, 845 points, 78% correct");
      expect(alt.length).toBeLessThanOrEqual(1024);
      expect(data.embeds?.[0]?.image?.url).toBe("attachment://leaderboard.png");
      // The figures are in the picture and its alt text; the embed does not repeat the table.
      expect(JSON.stringify(data.embeds)).not.toContain("1290");
    } finally {
      await stop();
    }
  });

  it("GIVEN the renderer is busy WHEN /leaderboard is answered THEN the text table goes out, with no file", async () => {
    const { discord, stop } = await startDiscord(
      async (event) => {
        if (event.type === "command") await (event as CommandEvent).reply.private(board);
      },
      { pictures: busy },
    );
    try {
      const sent = discord.send.command(ada, "leaderboard", {});
      const answer = await discord.waitForRequest(sent.answers);
      expect(answer.files).toEqual([]);
      expect(JSON.stringify(answer.body)).toContain("1290");
    } finally {
      await stop();
    }
  });

  for (const { view, filename, alt } of pictureViews) {
    it(`GIVEN a ${view.kind} view WHEN posted in a channel THEN ${filename} goes with the message over REST, with its alt text`, async () => {
      const { discord, platform, stop } = await startDiscord(async () => {}, { pictures: renderer });
      try {
        await platform.post({ platform: "discord", workspaceId: "g", channelId: discord.channelId }, view);
        const sent = await discord.waitForRequest(
          (request) => request.method === "POST" && request.path.endsWith("/messages"),
        );
        const body = sent.body as Body;
        expect(sent.files.map((file) => file.filename)).toEqual([filename]);
        expect(body.attachments?.[0]?.description).toContain(alt);
        const image = await decodePng(sent.files[0]?.bytes ?? Buffer.alloc(0));
        expect(image.width).toBeGreaterThanOrEqual(1200);
      } finally {
        await stop();
      }
    });
  }
});

describe("a slow picture on Discord", () => {
  it("GIVEN the picture is still drawing when the 3-second window closes in THEN the reply is deferred first and the picture edits it in", async () => {
    const slow: PictureRenderer = {
      render: async (picture) => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        return await renderer.render(picture);
      },
      close: async () => {},
    };
    const { discord, stop } = await startDiscord(
      async (event) => {
        if (event.type === "command") await (event as CommandEvent).reply.private(board);
      },
      { pictures: slow, autoDeferMs: 150 },
    );
    try {
      const sent = discord.send.command(ada, "leaderboard", {});
      const edit = await discord.waitForRequest(
        (request) => sent.answers(request) && request.method === "PATCH" && request.files.length > 0,
      );
      const callback = discord.requests.find(
        (request) => sent.answers(request) && request.path.endsWith("/callback"),
      );
      // Type 5: "thinking...", sent before the picture was ready; the picture then replaces it.
      expect((callback?.body as { type?: number } | undefined)?.type).toBe(5);
      expect(callback?.index).toBeLessThan(edit.index);
      expect(edit.files[0]?.filename).toBe("leaderboard.png");
    } finally {
      await stop();
    }
  });
});
