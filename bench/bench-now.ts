/**
 * `--now <ISO instant>` among `argv`: the moment a benchmark takes as the present, so a run can be
 * repeated at the time of day and week another run had (the leaderboards' week board depends on it).
 * Undefined without the option; a malformed instant is refused rather than read as the clock.
 */
export function benchNow(argv: readonly string[]): Date | undefined {
  const index = argv.indexOf("--now");
  if (index < 0) return undefined;
  const now = new Date(argv[index + 1] ?? "");
  if (Number.isNaN(now.getTime())) {
    throw new Error(`--now expects an ISO instant such as 2026-12-07T01:00:00Z, not ${argv[index + 1]}`);
  }
  return now;
}
