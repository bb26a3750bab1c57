import {
  computeParameters,
  FSRSBinding,
  FSRSBindingItem,
  FSRSBindingReview,
} from "@open-spaced-repetition/binding";
import type { ParameterFitter } from "../domain/ports/parameter-fitter.js";
import type { FitMetrics } from "../domain/reviews/fsrs-parameters.js";
import type { ReviewHistory } from "../domain/reviews/review-history.js";

export interface BindingFitterOptions {
  /** Give up a fit after this many milliseconds (fsrs-rs stops training and keeps what it has). */
  readonly timeoutMs?: number;
}

/**
 * The FSRS optimizer of open-spaced-repetition (fsrs-rs, through `@open-spaced-repetition/binding`, a
 * prebuilt native module). Training runs on the module's own thread, so it does not hold the event loop;
 * evaluation is synchronous but linear in the reviews (milliseconds for thousands).
 * https://github.com/open-spaced-repetition/fsrs-rs-nodejs
 */
export class BindingParameterFitter implements ParameterFitter {
  constructor(private readonly options: BindingFitterOptions = {}) {}

  async fit(histories: readonly ReviewHistory[]): Promise<number[] | undefined> {
    return notEnoughDataAsUndefined(() =>
      computeParameters(histories.map(toItem), {
        // Same-day reviews count, as ts-fsrs schedules them (its short-term default is on).
        enableShortTerm: true,
        ...(this.options.timeoutMs !== undefined ? { timeout: this.options.timeoutMs } : {}),
      }),
    );
  }

  async evaluate(
    weights: readonly number[],
    histories: readonly ReviewHistory[],
  ): Promise<FitMetrics | undefined> {
    return notEnoughDataAsUndefined(async () => {
      const { logLoss, rmseBins } = new FSRSBinding([...weights]).evaluate(histories.map(toItem));
      return { logLoss, rmse: rmseBins };
    });
  }
}

function toItem(history: ReviewHistory): FSRSBindingItem {
  return new FSRSBindingItem(history.steps.map((step) => new FSRSBindingReview(step.rating, step.deltaDays)));
}

/**
 * fsrs-rs refuses histories it cannot learn from or judge (e.g. a held-out set whose reviews it filters
 * out) with `NotEnoughData`: an expected outcome for a short history, so a value, not an error.
 */
async function notEnoughDataAsUndefined<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error && error.message.includes("NotEnoughData")) return undefined;
    throw error;
  }
}
