import { default_w, migrateParameters } from "ts-fsrs";

/**
 * Gradings a member needs before their own parameters are fitted. Anki's manual asks for a few hundred
 * reviews before optimizing; below that a fit follows noise. The same count of pooled gradings lets a
 * study group's members share one fit.
 */
export const memberFitThreshold = 400;
export const groupFitThreshold = 400;
/** The most recent fifth of a history is held out to judge a fit (time-series split). */
export const heldOutShare = 0.2;

/** FSRS-6's 21 default weights, as ts-fsrs schedules with them. */
export const defaultWeights: readonly number[] = default_w;

/** How well weights predicted held-out reviews: log-loss, and RMSE over binned predictions (0..1). */
export interface FitMetrics {
  readonly logLoss: number;
  readonly rmse: number;
}

/** The latest fit of a member's or a group's reviews. */
export interface ParameterFit {
  readonly id: number;
  readonly weights: readonly number[];
  readonly fittedAt: Date;
  readonly reviewCount: number;
  readonly fitted: FitMetrics;
  readonly defaults: FitMetrics;
  /** Whether the fit predicted the held-out reviews better than the defaults; only then may it schedule. */
  readonly accepted: boolean;
}

/** Which weights schedule a member. */
export type ParametersInUse =
  | { readonly source: "defaults" }
  | {
      readonly source: "member" | "group";
      readonly fitId: number;
      readonly weights: readonly number[];
      readonly fittedAt: Date;
    };

/** A fit replaces the defaults only when it predicted the held-out reviews strictly better (lower log-loss). */
export function acceptFit(fitted: FitMetrics, defaults: FitMetrics): boolean {
  return Number.isFinite(fitted.logLoss) && fitted.logLoss < defaults.logLoss;
}

/**
 * The member's own accepted fit; else the accepted pooled fit of their group with the most reviews behind
 * it; else the defaults.
 */
export function chooseParameters(
  own: ParameterFit | undefined,
  groupFits: readonly ParameterFit[],
): ParametersInUse {
  if (own?.accepted) return inUse("member", own);
  const pooled = groupFits
    .filter((fit) => fit.accepted)
    .sort((a, b) => b.reviewCount - a.reviewCount || a.id - b.id)[0];
  return pooled ? inUse("group", pooled) : { source: "defaults" };
}

/**
 * The weights as ts-fsrs takes them: fsrs-rs versions that fit FSRS-4.5/5 give 17 or 19 weights, which
 * ts-fsrs migrates to FSRS-6's 21 (the extra ones keep their FSRS-5 behaviour).
 */
export function asSchedulerWeights(weights: readonly number[]): number[] {
  return weights.length === defaultWeights.length ? [...weights] : migrateParameters(weights);
}

function inUse(source: "member" | "group", fit: ParameterFit): ParametersInUse {
  return { source, fitId: fit.id, weights: asSchedulerWeights(fit.weights), fittedAt: fit.fittedAt };
}
