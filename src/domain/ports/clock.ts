/** The only source of "now" outside tests: the domain receives instants, it never reads the clock itself. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
