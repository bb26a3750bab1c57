import type { JobClaims } from "../../domain/ports/job-claims.js";
import type { JobClock, ScheduledJob } from "../../domain/ports/job-clock.js";
import type { ParameterFitter } from "../../domain/ports/parameter-fitter.js";
import type { FitOwner, ParameterStore } from "../../domain/ports/parameter-store.js";
import {
  chooseParameters,
  groupFitThreshold,
  memberFitThreshold,
} from "../../domain/reviews/fsrs-parameters.js";
import type { Logger } from "../../logger.js";
import { runOnce } from "../jobs/claim-once.js";
import { fitGradings } from "./fit-parameters.js";

export interface ParameterFittingDeps {
  readonly parameters: ParameterStore;
  readonly fitter: ParameterFitter;
  readonly claims: JobClaims;
  readonly jobClock: JobClock;
  readonly claimant: string;
  readonly logger: Logger;
}

/** What a member's "Fit to my history" press led to. */
export type FitRequestOutcome =
  | { readonly kind: "started" }
  | { readonly kind: "already_running" }
  | { readonly kind: "too_few"; readonly reviews: number; readonly threshold: number };

/** Mondays 03:00 UTC: a quiet hour for most study groups. */
export const weeklyFitSchedule = "0 3 * * 1";

function ownerKey(owner: FitOwner): string {
  return owner.kind === "member" ? `member:${owner.userId}` : `group:${owner.groupId}`;
}

/**
 * Fitting FSRS parameters in the background, never on the answer path: a weekly run over every member
 * and group with enough reviews, and a member's own request. Each fit is claimed once across processes
 * (`fsrs-fit:<owner>:<slot>`, as reminders are), so two processes never fit the same history twice.
 */
export class ParameterFitting {
  private job: ScheduledJob | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: ParameterFittingDeps) {}

  start(): void {
    this.job ??= this.deps.jobClock.schedule("parameter-fitting", weeklyFitSchedule, async (slot) => {
      await this.runWeekly(slot);
    });
  }

  async stop(): Promise<void> {
    await this.job?.stop();
    this.job = undefined;
    await this.idle();
  }

  /** Resolves once the fits started on request have ended. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * The weekly slot: groups first, so that members below the threshold fall back on this week's pooled
   * fit, then members. Returns how many fits this process made.
   */
  async runWeekly(slot: Date): Promise<number> {
    const { parameters, claims, claimant, logger } = this.deps;
    const candidates = await parameters.fitCandidates(memberFitThreshold, groupFitThreshold);
    const ordered = [
      ...candidates.filter((c) => c.kind === "group"),
      ...candidates.filter((c) => c.kind === "member"),
    ];
    let fitted = 0;
    for (const owner of ordered) {
      try {
        const key = `fsrs-fit:${ownerKey(owner)}:${slot.toISOString()}`;
        const outcome = await runOnce(claims, key, claimant, slot, () => this.fitOwner(owner, slot));
        if (outcome.ran) fitted += 1;
      } catch (error) {
        // One history the optimizer rejects must not cost everyone else their fit.
        logger.warn({ err: error, owner: ownerKey(owner) }, "parameter fit failed");
      }
    }
    return fitted;
  }

  /**
   * "Fit to my history": below the threshold the member hears how many reviews they have; otherwise the
   * fit starts in the background and the reply does not wait for it. A second press within the same
   * minute (in any process) finds the fit already claimed.
   */
  async requestFit(userId: number, now: Date): Promise<FitRequestOutcome> {
    const { parameters, claims, claimant, logger } = this.deps;
    const owner: FitOwner = { kind: "member", userId };
    const reviews = await parameters.reviewCount(owner);
    if (reviews < memberFitThreshold) return { kind: "too_few", reviews, threshold: memberFitThreshold };
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
    if (!(await claims.claim(`fsrs-fit:${ownerKey(owner)}:request:${minute}`, claimant, now))) {
      return { kind: "already_running" };
    }
    const run = this.fitOwner(owner, now)
      .catch((error: unknown) => logger.warn({ err: error, userId }, "requested parameter fit failed"))
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return { kind: "started" };
  }

  /** Fits the owner's reviews, stores the fit, and re-chooses the parameters of everyone it concerns. */
  async fitOwner(owner: FitOwner, now: Date): Promise<void> {
    const { parameters, fitter, logger } = this.deps;
    const threshold = owner.kind === "member" ? memberFitThreshold : groupFitThreshold;
    const result = await fitGradings(fitter, await parameters.gradings(owner), threshold, now);
    if (result.kind === "fitted") {
      const fit = await parameters.saveFit(owner, result.fit);
      logger.info(
        {
          owner: ownerKey(owner),
          reviews: fit.reviewCount,
          accepted: fit.accepted,
          logLoss: fit.fitted.logLoss,
        },
        "parameters fitted",
      );
    }
    for (const userId of await parameters.membersOf(owner)) {
      const [own, groups] = await Promise.all([
        parameters.latestFit({ kind: "member", userId }),
        parameters.groupFitsOf(userId),
      ]);
      await parameters.setInUse(userId, chooseParameters(own, groups));
    }
  }
}
