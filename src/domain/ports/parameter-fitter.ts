import type { FitMetrics } from "../reviews/fsrs-parameters.js";
import type { ReviewHistory } from "../reviews/review-history.js";

/**
 * The FSRS optimizer: fits weights to review histories and measures how weights predict them. Both give
 * `undefined` when the histories hold nothing the optimizer can use (its "not enough data").
 */
export interface ParameterFitter {
  fit(histories: readonly ReviewHistory[]): Promise<number[] | undefined>;
  evaluate(weights: readonly number[], histories: readonly ReviewHistory[]): Promise<FitMetrics | undefined>;
}
