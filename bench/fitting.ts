import { fitGradings } from "../src/app/reviews/fit-parameters.js";
import { memberFitThreshold } from "../src/domain/reviews/fsrs-parameters.js";
import { BindingParameterFitter } from "../src/fitting/binding-parameter-fitter.js";
import { simulateLearner } from "../test/support/simulated-learner.js";
import { type BenchFigure, msQuantile, timeEach } from "./figure.js";

/**
 * Fitting one member's parameters as the weekly job does (split, fit on four fifths, judge fit and defaults
 * on the rest) for 1,000 and 10,000 reviews of a simulated learner (seeded: the same history each
 * run). Medians of 3 fits (1 in quick mode). No database: the reading of the log is not timed.
 */
export async function fittingBenchmark(options: { quick: boolean }): Promise<BenchFigure[]> {
  const fitter = new BindingParameterFitter();
  const figures: BenchFigure[] = [];
  for (const size of [1_000, 10_000]) {
    // About 13 reviews per card over eight months; the first `size` of them, in time order.
    const gradings = simulateLearner({
      seed: 42,
      cards: Math.ceil(size / 12),
      newPerDay: 10,
      days: 240,
      start: new Date("2026-01-05T09:00:00Z"),
    }).slice(0, size);
    if (gradings.length < size) throw new Error(`simulated history has only ${gradings.length} reviews`);
    const times = await timeEach(options.quick ? 1 : 3, async () => {
      const result = await fitGradings(fitter, gradings, memberFitThreshold, new Date());
      if (result.kind !== "fitted") throw new Error("not fitted");
    });
    figures.push(
      msQuantile(`fit a member's parameters, ${size.toLocaleString("en")} reviews (median)`, times, 0.5),
    );
  }
  return figures;
}
