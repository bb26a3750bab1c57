import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { drawPicture } from "../../../src/pictures/draw-picture.js";
import { goldenDir } from "./golden-files.js";
import { samplePictures } from "./sample-pictures.js";

/*
 * Redraws the golden images (which the README shows as its screenshots) from the sample pictures:
 *   npm run pictures:golden
 * Run it after a deliberate change to how a picture is drawn, look at the new PNGs, and commit them.
 */
mkdirSync(goldenDir, { recursive: true });
for (const [name, picture] of Object.entries(samplePictures)) {
  const drawn = drawPicture(picture);
  const file = path.join(goldenDir, `${name}.png`);
  writeFileSync(file, drawn.png);
  console.log(
    `${path.relative(process.cwd(), file)}: ${drawn.width}x${drawn.height}, ${drawn.png.length} bytes`,
  );
}
