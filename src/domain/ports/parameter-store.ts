import type { ParameterFit, ParametersInUse } from "../reviews/fsrs-parameters.js";
import type { GradingRecord } from "../reviews/review-history.js";

/** Whose reviews a fit is made of: one member's, or a study group's members' pooled. */
export type FitOwner =
  | { readonly kind: "member"; readonly userId: number }
  | { readonly kind: "group"; readonly groupId: number };

export type NewFit = Omit<ParameterFit, "id">;

/** Review logs as the fitter reads them, the fits made of them, and the parameters each member uses. */
export interface ParameterStore {
  reviewCount(owner: FitOwner): Promise<number>;
  /** Every grading of the owner's reviews, with the member's local date. */
  gradings(owner: FitOwner): Promise<GradingRecord[]>;
  /** Members with at least `memberMin` gradings, and groups whose members have `groupMin` together. */
  fitCandidates(memberMin: number, groupMin: number): Promise<FitOwner[]>;
  /** Stores the owner's latest fit in place of the one before. */
  saveFit(owner: FitOwner, fit: NewFit): Promise<ParameterFit>;
  latestFit(owner: FitOwner): Promise<ParameterFit | undefined>;
  /** The latest fits of the groups the member belongs to. */
  groupFitsOf(userId: number): Promise<ParameterFit[]>;
  /** The members whose parameters depend on the owner's fit. */
  membersOf(owner: FitOwner): Promise<number[]>;
  inUse(userId: number): Promise<ParametersInUse>;
  setInUse(userId: number, parameters: ParametersInUse): Promise<void>;
}
