/** One measured figure, as every benchmark returns it and bench/results.json stores it. */
export interface BenchFigure {
  readonly figure: string;
  readonly unit: string;
  readonly value: number;
  /** Human-readable goal, e.g. "<= 20" or ">= 2000"; parsed by `goalMet`. */
  readonly goal?: string;
}

/** The p-th percentile (0..100) of a sample, by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Whether a figure meets its goal ("= 8050", "<= 5", ">= 60", "< 1.3x"); undefined without a goal it can read. */
export function goalMet(figure: BenchFigure): boolean | undefined {
  const match = /^\s*(<=|>=|<|>|=)\s*([\d.]+)/.exec(figure.goal ?? "");
  if (!match) return undefined;
  const limit = Number(match[2]);
  switch (match[1]) {
    case "<=":
      return figure.value <= limit;
    case ">=":
      return figure.value >= limit;
    case "<":
      return figure.value < limit;
    case "=":
      return figure.value === limit;
    default:
      return figure.value > limit;
  }
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The q-quantile (0..1) of a sample; `quantile(x, 0.5)` is the median. */
export function quantile(samples: readonly number[], q: number): number {
  return percentile(samples, q * 100);
}

/** Runs `run` `times` times one after another and returns each run's wall-clock duration in ms. */
export async function timeEach(times: number, run: () => Promise<unknown>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const started = performance.now();
    await run();
    durations.push(performance.now() - started);
  }
  return durations;
}

/** The q-quantile (0..1) of durations in ms as a figure, rounded to hundredths. */
export function msQuantile(
  figure: string,
  samples: readonly number[],
  q: number,
  goal?: string,
): BenchFigure {
  const value = round(quantile(samples, q));
  return goal === undefined ? { figure, unit: "ms", value } : { figure, unit: "ms", value, goal };
}
