import { readFileSync } from "node:fs";
import path from "node:path";
import pixelmatch from "pixelmatch";
import { describe, expect, it } from "vitest";
import { drawPicture } from "../../src/pictures/draw-picture.js";
import { decodePng } from "./support/decode-png.js";
import { goldenDir } from "./support/golden-files.js";
import { samplePictures } from "./support/sample-pictures.js";

/** Share of pixels that may differ: anti-aliasing may move with the canvas library's version, a layout may not. */
const tolerance = 0.0005;

describe("golden images: each picture still looks as reviewed (regenerate with npm run pictures:golden)", () => {
  for (const [name, picture] of Object.entries(samplePictures)) {
    it(`GIVEN the sample ${name} WHEN drawn THEN it matches test/pictures/golden/${name}.png within ${tolerance * 100}% of pixels`, async () => {
      const golden = await decodePng(readFileSync(path.join(goldenDir, `${name}.png`)));
      const drawn = await decodePng(drawPicture(picture).png);
      expect([drawn.width, drawn.height]).toEqual([golden.width, golden.height]);
      const differing = pixelmatch(golden.data, drawn.data, undefined, golden.width, golden.height, {
        threshold: 0.1,
      });
      expect(differing / (golden.width * golden.height)).toBeLessThanOrEqual(tolerance);
    });
  }

  it("GIVEN a picture with one member's name changed WHEN compared THEN the check notices (it can fail)", async () => {
    const sample = samplePictures.leaderboard;
    if (sample?.kind !== "leaderboard") throw new Error("no leaderboard sample");
    const golden = await decodePng(readFileSync(path.join(goldenDir, "leaderboard.png")));
    const changed = {
      ...sample,
      rows: sample.rows.map((row, i) => (i === 0 ? { ...row, name: "Someone Else Entirely" } : row)),
    };
    const drawn = await decodePng(drawPicture(changed).png);
    const differing = pixelmatch(golden.data, drawn.data, undefined, golden.width, golden.height, {
      threshold: 0.1,
    });
    expect(differing / (golden.width * golden.height)).toBeGreaterThan(tolerance);
  });
});
