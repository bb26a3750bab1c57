import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Picture, PictureRenderer } from "../src/domain/ports/picture-renderer.js";
import {
  sampleForecast,
  sampleLeaderboard,
  samplePodium,
  sampleTimes,
} from "../test/pictures/support/sample-pictures.js";
import { type BenchFigure, percentile, round } from "./figure.js";

/**
 * Pictures (issue 21 §1): the compiled renderer (dist/, as the bot runs it) in its worker thread, timed
 * from the request to the PNG back on the main thread, warm. The /stats chart is the 1600x1000 one the
 * goal names; the leaderboard card (1600x1200) is timed beside it. Memory is the bench process's resident
 * memory before the renderer starts and after 300 pictures of every kind, settled for a second; and the
 * main thread's event loop is watched while pictures are drawn, since drawing must not hold up answers.
 */
export async function picturesBenchmark(options: { quick: boolean }): Promise<BenchFigure[]> {
  const { WorkerPictureRenderer } = (await import(
    new URL("../dist/pictures/worker-picture-renderer.js", import.meta.url).href
  )) as typeof import("../src/pictures/worker-picture-renderer.js");
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));
  await settle();
  const rssBefore = process.memoryUsage().rss;
  const renderer: PictureRenderer & { warm(): Promise<boolean> } = new WorkerPictureRenderer({
    timeoutMs: 60_000,
  });
  try {
    if (!(await renderer.warm())) throw new Error("the picture worker did not start");
    const timed = async (picture: Picture, count: number) => {
      const samples: number[] = [];
      for (let i = 0; i < count; i++) {
        const start = performance.now();
        const drawn = await renderer.render(picture);
        if (!drawn.ok) throw new Error(`picture not drawn: ${drawn.error}`);
        samples.push(performance.now() - start);
      }
      return samples;
    };
    await timed(sampleForecast, 20);
    await timed(sampleLeaderboard, 20);
    const runs = options.quick ? 30 : 100;
    const chart = await timed(sampleForecast, runs);
    const card = await timed(sampleLeaderboard, runs);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const kinds = [sampleForecast, sampleLeaderboard, samplePodium, sampleTimes];
    for (let i = 0; i < 300; i++) {
      const drawn = await renderer.render(kinds[i % kinds.length] ?? sampleForecast);
      if (!drawn.ok) throw new Error(`picture not drawn: ${drawn.error}`);
    }
    delay.disable();
    await settle();
    const rssAfter = process.memoryUsage().rss;
    return [
      {
        figure: "chart render 1600x1000, warm (p50)",
        unit: "ms",
        value: round(percentile(chart, 50)),
        goal: "<= 25",
      },
      { figure: "chart render 1600x1000, warm (p95)", unit: "ms", value: round(percentile(chart, 95)) },
      { figure: "leaderboard card 1600x1200, warm (p50)", unit: "ms", value: round(percentile(card, 50)) },
      {
        figure: "renderer memory added after 300 pictures (RSS)",
        unit: "MB",
        value: round((rssAfter - rssBefore) / 2 ** 20, 1),
        goal: "<= 120",
      },
      {
        figure: "main thread's event-loop delay while drawing 300 pictures (max)",
        unit: "ms",
        value: round(delay.max / 1e6, 1),
      },
    ];
  } finally {
    await renderer.close();
  }
}
