import type { Picture, RenderedPicture } from "../domain/ports/picture-renderer.js";
import { drawForecast } from "./draw-forecast.js";
import { drawLeaderboard } from "./draw-leaderboard.js";
import { drawPodium } from "./draw-podium.js";
import { drawTimes } from "./draw-times.js";
import type { Painter } from "./painter.js";

/** Draws one picture on this thread; the worker calls it, and so do the golden-image tests and script. */
export function drawPicture(picture: Picture): RenderedPicture {
  const painter = paint(picture);
  return { png: painter.png(), width: painter.width, height: painter.height, texts: painter.texts };
}

function paint(picture: Picture): Painter {
  switch (picture.kind) {
    case "leaderboard":
      return drawLeaderboard(picture);
    case "forecast":
      return drawForecast(picture);
    case "podium":
      return drawPodium(picture);
    case "times":
      return drawTimes(picture);
    default:
      // A picture from a newer process, or a bug: the caller sends the text version.
      throw new Error(`no drawing for pictures of kind ${(picture as { kind: string }).kind}`);
  }
}
