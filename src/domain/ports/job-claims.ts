/**
 * Exactly-once rights for timed jobs shared by several bot processes on one database: whichever process
 * claims a key first does the job (a member's reminder for one local day, a daily quiz slot); every other
 * claim of the same key loses, now and forever.
 */
export interface JobClaims {
  /** `true` for the one caller that won `key`; `false` for everyone after. */
  claim(key: string, claimant: string, at: Date): Promise<boolean>;
  /** Gives a key back when the job could not be done, so a later tick may try again. */
  release(key: string, claimant: string): Promise<void>;
}
