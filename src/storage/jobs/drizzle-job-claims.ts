import { and, eq } from "drizzle-orm";
import type { JobClaims } from "../../domain/ports/job-claims.js";
import type { Db } from "../database.js";
import { jobClaims } from "../schema/index.js";

/**
 * Job claims on the `job_claims` table: `insert ... on conflict do nothing returning` is atomic in
 * Postgres, so of any number of processes inserting one key exactly one gets its row back.
 */
export class DrizzleJobClaims implements JobClaims {
  constructor(private readonly db: Db) {}

  async claim(key: string, claimant: string, at: Date): Promise<boolean> {
    const won = await this.db
      .insert(jobClaims)
      .values({ key, claimedBy: claimant, claimedAt: at })
      .onConflictDoNothing({ target: jobClaims.key })
      .returning({ key: jobClaims.key });
    return won.length === 1;
  }

  async release(key: string, claimant: string): Promise<void> {
    await this.db.delete(jobClaims).where(and(eq(jobClaims.key, key), eq(jobClaims.claimedBy, claimant)));
  }
}
