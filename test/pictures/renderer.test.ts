import { GlobalFonts } from "@napi-rs/canvas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leaderboardHeight } from "../../src/pictures/draw-leaderboard.js";
import { fontFamilies, registerFonts } from "../../src/pictures/fonts.js";
import { WorkerPictureRenderer } from "../../src/pictures/worker-picture-renderer.js";
import { decodePng } from "./support/decode-png.js";
import {
  sampleForecast,
  sampleLeaderboard,
  sampleLeaderboardWithCaller,
  samplePodium,
  sampleTimes,
} from "./support/sample-pictures.js";

const renderer = new WorkerPictureRenderer();
beforeAll(async () => {
  expect(await renderer.warm()).toBe(true);
}, 60_000);
afterAll(async () => {
  await renderer.close();
});

describe("the picture renderer (a worker thread drawing on @napi-rs/canvas)", () => {
  it("GIVEN a top 10 WHEN drawn THEN the PNG decodes at 1600 wide and its text layer names every member with their figures", async () => {
    const drawn = await renderer.render(sampleLeaderboard);
    if (!drawn.ok) throw new Error(`not drawn: ${drawn.error}`);
    const image = await decodePng(drawn.value.png);
    expect([image.width, image.height]).toEqual([1600, leaderboardHeight(sampleLeaderboard)]);
    expect([drawn.value.width, drawn.value.height]).toEqual([image.width, image.height]);
    const texts = drawn.value.texts;
    for (const row of sampleLeaderboard.rows.slice(0, 6)) {
      expect(texts).toContain(row.name);
      expect(texts).toContain(row.valueText);
    }
    // Medals for the top three, flames with the streak's days.
    expect(texts.filter((text) => ["🥇", "🥈", "🥉"].includes(text))).toEqual(["🥇", "🥈", "🥉"]);
    expect(texts).toContain("🔥 12");
    // A name too long for its column is cut with an ellipsis, never drawn over the bar.
    expect(texts.some((text) => text.startsWith("Barbara Liskov") && text.endsWith("…"))).toBe(true);
  });

  it("GIVEN the caller is below the top WHEN drawn THEN their row comes last, after the top 10, and the card grows for it", async () => {
    const drawn = await renderer.render(sampleLeaderboardWithCaller);
    if (!drawn.ok) throw new Error(`not drawn: ${drawn.error}`);
    const texts = drawn.value.texts;
    expect(texts.indexOf("Margaret")).toBeGreaterThan(texts.indexOf("Jo"));
    expect(texts).toContain("23");
    expect(drawn.value.height).toBeGreaterThan(leaderboardHeight(sampleLeaderboard));
  });

  it("GIVEN the queue is full WHEN another picture is asked for THEN it is refused at once as busy (the caller sends text)", async () => {
    const small = new WorkerPictureRenderer({ maxQueued: 2 });
    try {
      const asked = Array.from({ length: 6 }, () => small.render(sampleLeaderboard));
      const outcomes = await Promise.all(asked);
      const refused = outcomes.filter((outcome) => !outcome.ok && outcome.error === "busy").length;
      // The worker is still starting, so one waits to be drawn first and two wait behind it: three refused.
      expect(refused).toBeGreaterThanOrEqual(3);
      expect(outcomes.filter((outcome) => outcome.ok).length).toBeGreaterThanOrEqual(1);
    } finally {
      await small.close();
    }
  }, 60_000);

  it("GIVEN a picture that takes longer than the deadline WHEN asked THEN it comes back timed out and the next one is drawn by a fresh worker", async () => {
    const hasty = new WorkerPictureRenderer({ timeoutMs: 1 });
    try {
      const late = await hasty.render(sampleLeaderboard);
      expect(late).toEqual({ ok: false, error: "timed_out" });
    } finally {
      await hasty.close();
    }
    expect(await hasty.render(sampleLeaderboard)).toEqual({ ok: false, error: "closed" });
  });

  it("GIVEN a picture drawing throws on WHEN asked THEN it fails as a value and the renderer keeps drawing", async () => {
    const broken = await renderer.render({ kind: "no-such-kind" } as never);
    expect(broken).toEqual({ ok: false, error: "failed" });
    expect((await renderer.render(sampleLeaderboard)).ok).toBe(true);
  });

  it("GIVEN the shipped fonts WHEN registered THEN each file has its own alias, whatever the machine has installed", () => {
    registerFonts();
    const families = GlobalFonts.families.map((family) => family.family);
    for (const alias of Object.values(fontFamilies)) expect(families).toContain(alias);
  });

  it("GIVEN the /stats chart WHEN drawn THEN it is 1600x1000 and its text layer has the week's counts, the retention and the topics", async () => {
    const drawn = await renderer.render(sampleForecast);
    if (!drawn.ok) throw new Error(`not drawn: ${drawn.error}`);
    const image = await decodePng(drawn.value.png);
    expect([image.width, image.height]).toEqual([1600, 1000]);
    for (const day of sampleForecast.days.slice(0, 7)) expect(drawn.value.texts).toContain(String(day.count));
    expect(drawn.value.texts).toContain("87% remembered (30 days)");
    expect(drawn.value.texts).toEqual(expect.arrayContaining(["asyncio", "94%", "multiprocessing", "41%"]));
  });

  it("GIVEN a podium WHEN drawn THEN it is 1200x800 with each place's name and points", async () => {
    const drawn = await renderer.render(samplePodium);
    if (!drawn.ok) throw new Error(`not drawn: ${drawn.error}`);
    expect([drawn.value.width, drawn.value.height]).toEqual([1200, 800]);
    for (const place of samplePodium.places) {
      expect(drawn.value.texts).toContain(place.name);
      expect(drawn.value.texts).toContain(place.valueText);
    }
  });

  it("GIVEN an interpreter comparison WHEN drawn THEN each interpreter is named with its wall and CPU time", async () => {
    const drawn = await renderer.render(sampleTimes);
    if (!drawn.ok) throw new Error(`not drawn: ${drawn.error}`);
    expect([drawn.value.width, drawn.value.height]).toEqual([1600, 1000]);
    expect(drawn.value.texts).toEqual(
      expect.arrayContaining(["3.13t, no GIL", "161 ms", "590 ms", "1.24 s"]),
    );
  });
});
