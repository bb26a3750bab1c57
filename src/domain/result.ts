/**
 * Expected failures are values, bugs are thrown (STYLE.md, after sapphire's `Result`).
 * The `error` of a failed result is a stable identifier that the platform adapter turns into words.
 */
export type Result<T, E> = Ok<T> | Err<E>;
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}
export interface Err<E> {
  readonly ok: false;
  readonly error: E;
}

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}
