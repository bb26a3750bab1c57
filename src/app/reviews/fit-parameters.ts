import type { ParameterFitter } from "../../domain/ports/parameter-fitter.js";
import type { NewFit } from "../../domain/ports/parameter-store.js";
import { acceptFit, defaultWeights, heldOutShare } from "../../domain/reviews/fsrs-parameters.js";
import { type GradingRecord, historiesOf, timeSeriesSplit } from "../../domain/reviews/review-history.js";

export type FitResult =
  | { readonly kind: "fitted"; readonly fit: NewFit }
  | { readonly kind: "too_few"; readonly reviews: number; readonly threshold: number };

/**
 * Fits FSRS weights to the older reviews and judges them, against the defaults, on the most recent ones
 * (a time-series split): the stored fit is the one judged, and it is accepted only when it predicted the
 * held-out reviews better. The held-out reviews then wait for next week's fit, which includes them.
 */
export async function fitGradings(
  fitter: ParameterFitter,
  gradings: readonly GradingRecord[],
  threshold: number,
  now: Date,
): Promise<FitResult> {
  const histories = historiesOf(gradings);
  const { train, test } = timeSeriesSplit(histories, heldOutShare);
  const tooFew = { kind: "too_few", reviews: gradings.length, threshold } as const;
  if (gradings.length < threshold || train.length === 0 || test.length === 0) return tooFew;
  const weights = await fitter.fit(train);
  if (!weights) return tooFew;
  const fitted = await fitter.evaluate(weights, test);
  const defaults = await fitter.evaluate(defaultWeights, test);
  if (!fitted || !defaults) return tooFew;
  return {
    kind: "fitted",
    fit: {
      weights,
      fittedAt: now,
      reviewCount: gradings.length,
      fitted,
      defaults,
      accepted: acceptFit(fitted, defaults),
    },
  };
}
