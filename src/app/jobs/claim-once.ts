import type { JobClaims } from "../../domain/ports/job-claims.js";

export type ClaimOutcome<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

/**
 * Runs `job` only in the process that wins `key`. When the job throws, the claim is given back so a later
 * attempt may run it, and the error goes on to the caller: at most once on success, never silently lost.
 */
export async function runOnce<T>(
  claims: JobClaims,
  key: string,
  claimant: string,
  at: Date,
  job: () => Promise<T>,
): Promise<ClaimOutcome<T>> {
  if (!(await claims.claim(key, claimant, at))) return { ran: false };
  try {
    return { ran: true, value: await job() };
  } catch (error) {
    await claims.release(key, claimant);
    throw error;
  }
}
