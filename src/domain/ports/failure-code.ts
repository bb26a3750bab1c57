/**
 * Stable codes for infrastructure failures the app answers differently from bugs, as Bolt's errors carry a
 * `code`: the adapter that knows its driver's errors names them, and the app reads only the code.
 * - `storage_unavailable`: the database cannot be reached now (connection refused or lost, server shutting
 *   down, pool closed); the member is told to try again, and nothing claims to be recorded.
 */
export type FailureCode = "storage_unavailable";

/** The failure code of a thrown error, or undefined when it is none of them (a bug). */
export type FailureClassifier = (error: unknown) => FailureCode | undefined;
