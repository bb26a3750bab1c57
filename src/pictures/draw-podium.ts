import type { PodiumPicture } from "../domain/ports/picture-renderer.js";
import { colours, Painter } from "./painter.js";

const width = 1200;
const height = 800;
const base = 700;
const blockWidth = 320;
const steps = {
  1: { x: 440, height: 300, colour: colours.gold, medal: "🥇" },
  2: { x: 90, height: 220, colour: colours.silver, medal: "🥈" },
  3: { x: 790, height: 160, colour: colours.bronze, medal: "🥉" },
} as const;

/** The round summary's podium: first in the middle and highest, medals above the names. */
export function drawPodium(picture: PodiumPicture): Painter {
  const painter = new Painter(width, height);
  painter.fill(colours.background, 0, 0, width, height);
  painter.text(picture.title, width / 2, 64, {
    style: "bold",
    size: 48,
    align: "center",
    maxWidth: width - 80,
  });
  for (const place of picture.places) {
    const step = steps[place.place];
    const top = base - step.height;
    painter.fill(step.colour, step.x, top, blockWidth, step.height, 14);
    painter.text(String(place.place), step.x + blockWidth / 2, top + step.height / 2 + 20, {
      style: "bold",
      size: 72,
      colour: colours.background,
      align: "center",
    });
    painter.text(place.valueText, step.x + blockWidth / 2, top + 36, {
      style: "bold",
      size: 28,
      colour: colours.background,
      align: "center",
      maxWidth: blockWidth - 24,
    });
    painter.text(place.name, step.x + blockWidth / 2, top - 36, {
      style: "bold",
      size: 34,
      align: "center",
      maxWidth: blockWidth,
    });
    painter.text(step.medal, step.x + blockWidth / 2, top - 110, { size: 72, align: "center" });
  }
  painter.text(picture.footer, width / 2, height - 50, {
    size: 24,
    colour: colours.muted,
    align: "center",
    maxWidth: width - 80,
  });
  return painter;
}
