import type { PlatformApiMeter, RunnerMeter } from "../domain/ports/meters.js";
import type { Metrics } from "./metrics.js";

/** The code runner's reports, counted into the metrics. */
export function runnerMeter(metrics: Metrics): RunnerMeter {
  return {
    queueDepth: (lane, waiting) => metrics.queueDepth.set({ lane }, waiting),
    queueWaited: (lane, seconds) => metrics.queueWaitSeconds.observe({ lane }, seconds),
    sandboxStarted: (backend) => metrics.sandboxStarts.inc({ backend }),
  };
}

/** The platforms' Web API answers, counted into the metrics; a 429 also counts as rate limited. */
export function platformApiMeter(metrics: Metrics): PlatformApiMeter {
  return {
    apiAnswered(platform, status) {
      metrics.apiCalls.inc({ platform, status: String(status) });
      if (status === 429) metrics.rateLimited.inc({ platform });
    },
  };
}
