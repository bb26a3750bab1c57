import { randomUUID } from "node:crypto";
import { request as httpRequest } from "undici";
import { z } from "zod";
import type {
  CodeRunner,
  InterpreterCatalog,
  InterpreterInfo,
  RunBackendName,
  RunRequest,
  RunResult,
} from "../../domain/ports/code-runner.js";
import type { Logger } from "../../logger.js";
import { refusedRun } from "../run-results.js";
import { runResultSchema } from "./run-result-schema.js";

export interface RemoteRunnerOptions {
  /** The runner services, `http://host:port` each (RUNNER_URL). */
  readonly urls: readonly string[];
  readonly token: string;
  /** How often each service's `GET /healthz` is asked (default 2 s). */
  readonly healthEveryMs?: number;
  /** The longest a run may take, queue wait included, before the bot gives up on it (default 120 s). */
  readonly runTimeoutMs?: number;
  readonly logger?: Logger;
}

interface Service {
  readonly url: string;
  healthy: boolean;
  outstanding: number;
  /** Health checks in a row that got no answer in time; a refused connection needs no second look. */
  missedChecks: number;
}

/**
 * A health check that times out is one look, not a verdict: a bot whose own event loop lags (a soak at
 * load 30) can miss a healthy service's answer. Only this many misses in a row take it out.
 */
const MISSES_BEFORE_OUT = 3;

const catalogSchema = z.object({
  backend: z.enum(["bwrap", "pyodide", "off"]),
  interpreters: z.array(
    z.object({
      name: z.string(),
      version: z.string(),
      backend: z.enum(["bwrap", "pyodide"]),
      freeThreaded: z.boolean(),
    }),
  ),
});

/** What one attempt at one service came to: a result, or a failure that did or did not start the run. */
type Attempt =
  | { readonly kind: "result"; readonly result: RunResult }
  | { readonly kind: "not_started" }
  | { readonly kind: "lost" };

/**
 * Sends runs to runner services (`quizbot runner serve`) instead of running a sandbox here: each run goes
 * to the healthy service with the fewest runs outstanding from this bot. A run is sent to another service
 * only when it never started (refused connection, a draining service, a full queue); a service that stops
 * answering mid-run costs that run (members are told to try again), never a second copy of it. Services that
 * fail their health check are left out until they pass it again.
 */
export class RemoteCodeRunner implements CodeRunner, InterpreterCatalog {
  readonly #services: Service[];
  readonly #token: string;
  readonly #runTimeoutMs: number;
  readonly #logger: Logger | undefined;
  readonly #health: NodeJS.Timeout;
  #backend: RunBackendName = "bwrap";
  #interpreters: readonly InterpreterInfo[] = [];
  #closed = false;
  /** Whether an interpreter list has been read: not yet when no service answered at start. */
  #catalogRead = false;

  private constructor(options: RemoteRunnerOptions) {
    this.#services = options.urls.map((url) => ({ url, healthy: true, outstanding: 0, missedChecks: 0 }));
    this.#token = options.token;
    this.#runTimeoutMs = options.runTimeoutMs ?? 120_000;
    this.#logger = options.logger;
    this.#health = setInterval(() => void this.checkHealth(), options.healthEveryMs ?? 2000);
    this.#health.unref();
  }

  /**
   * Connects: reads the interpreter list from the first service that answers. When none answers, the bot
   * still starts: every service is marked unhealthy, runs are refused as unreachable (members read "busy,
   * try again"), and the first service to pass a health check brings the list and takes runs.
   */
  static async connect(options: RemoteRunnerOptions): Promise<RemoteCodeRunner> {
    const runner = new RemoteCodeRunner(options);
    const problems: string[] = [];
    for (const service of runner.#services) {
      const problem = await runner.#readCatalog(service);
      if (problem === undefined) {
        await runner.checkHealth();
        return runner;
      }
      service.healthy = false;
      problems.push(`${service.url}: ${problem}`);
    }
    runner.#logger?.warn(
      { problems },
      "no runner service answered; runs are refused until one passes its health check",
    );
    return runner;
  }

  get backend(): RunBackendName {
    return this.#backend;
  }

  interpreters(): readonly InterpreterInfo[] {
    return this.#interpreters;
  }

  /** The services and whether each takes runs now (for logs and tests). */
  services(): readonly { readonly url: string; readonly healthy: boolean }[] {
    return this.#services.map(({ url, healthy }) => ({ url, healthy }));
  }

  async warmedUp(): Promise<void> {}

  async run(request: RunRequest): Promise<RunResult> {
    if (this.#closed) return refusedRun(this.#backend, "unavailable", { code: "cancelled" });
    // One key for every service this run is offered to: a service that did start it answers a retry with
    // the same run instead of starting a second one.
    const key = randomUUID();
    const tried = new Set<Service>();
    for (;;) {
      const service = this.#pick(tried);
      if (!service) return refusedRun(this.#backend, "unavailable", { code: "runner_unreachable" });
      tried.add(service);
      const attempt = await this.#attempt(service, request, key);
      if (attempt.kind === "result") return attempt.result;
      if (attempt.kind === "lost") {
        return refusedRun(this.#backend, "unavailable", { code: "runner_unreachable" });
      }
    }
  }

  /** Asks every service's `/healthz`, taking out those that fail and putting back those that pass. */
  async checkHealth(): Promise<void> {
    await Promise.all(
      this.#services.map(async (service) => {
        let healthy = false;
        try {
          const response = await httpRequest(`${service.url}/healthz`, { signal: AbortSignal.timeout(1500) });
          healthy = response.statusCode === 200;
          await response.body.dump();
          service.missedChecks = 0;
        } catch (error) {
          // Refused: nothing listens there, so out at once. No answer in time: out after a few in a row.
          service.missedChecks = neverConnected(error) ? MISSES_BEFORE_OUT : service.missedChecks + 1;
          healthy = service.healthy && service.missedChecks < MISSES_BEFORE_OUT;
        }
        // Started with every service down: the first healthy one brings the interpreter list.
        if (healthy && !this.#catalogRead) healthy = (await this.#readCatalog(service)) === undefined;
        if (healthy !== service.healthy) {
          this.#logger?.warn({ service: service.url, healthy }, "runner service health changed");
        }
        service.healthy = healthy;
      }),
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#health);
  }

  /** Reads a service's interpreter list into this runner; undefined when it did, else what went wrong. */
  async #readCatalog(service: Service): Promise<string | undefined> {
    try {
      const response = await this.#call(service, "/interpreters", { method: "GET" }, 5000);
      if (response.statusCode !== 200) {
        await response.body.dump();
        return `HTTP ${response.statusCode}`;
      }
      const catalog = catalogSchema.parse(await response.body.json());
      this.#backend = catalog.backend;
      this.#interpreters = catalog.interpreters;
      this.#catalogRead = true;
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** The healthy service with the fewest runs outstanding from this bot, not yet tried for this run. */
  #pick(tried: ReadonlySet<Service>): Service | undefined {
    let best: Service | undefined;
    for (const service of this.#services) {
      if (!service.healthy || tried.has(service)) continue;
      if (!best || service.outstanding < best.outstanding) best = service;
    }
    return best;
  }

  async #attempt(service: Service, request: RunRequest, key: string): Promise<Attempt> {
    const { signal, ...body } = request;
    service.outstanding += 1;
    try {
      const response = await this.#call(
        service,
        "/run",
        {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": key },
          body: JSON.stringify(body),
          ...(signal ? { signal } : {}),
        },
        this.#runTimeoutMs,
      );
      if (response.statusCode === 503) {
        // Draining or closing: it took nothing, and it should not be offered more until it is healthy.
        service.healthy = false;
        await response.body.dump();
        return { kind: "not_started" };
      }
      if (response.statusCode !== 200) {
        this.#logger?.error(
          { service: service.url, status: response.statusCode },
          "runner service refused a run",
        );
        await response.body.dump();
        return { kind: "lost" };
      }
      const parsed = runResultSchema.safeParse(await response.body.json().catch(() => undefined));
      if (!parsed.success) {
        this.#logger?.error(
          { service: service.url },
          "runner service answered with something that is not a run result",
        );
        return { kind: "lost" };
      }
      const result = parsed.data as RunResult;
      if (result.status === "rejected" && result.reason?.code === "queue_full")
        return { kind: "not_started" };
      return { kind: "result", result };
    } catch (error) {
      if (signal?.aborted)
        return { kind: "result", result: refusedRun(this.#backend, "rejected", { code: "cancelled" }) };
      if (neverConnected(error)) {
        service.healthy = false;
        return { kind: "not_started" };
      }
      this.#logger?.warn({ service: service.url, reason: describe(error) }, "runner service lost a run");
      return { kind: "lost" };
    } finally {
      service.outstanding -= 1;
    }
  }

  /**
   * One request on a connection of its own (`reset`: no keep-alive). A reused connection that the service
   * had closed would fail the same way as a service dying mid-run; on a fresh one, a refused connection
   * proves the run never reached the service, which is what makes sending it elsewhere safe.
   */
  #call(
    service: Service,
    path: string,
    init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
    timeoutMs: number,
  ) {
    const timeout = AbortSignal.timeout(timeoutMs);
    return httpRequest(`${service.url}${path}`, {
      method: init.method,
      headers: { ...init.headers, authorization: `Bearer ${this.#token}` },
      ...(init.body !== undefined ? { body: init.body } : {}),
      signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
      reset: true,
    });
  }
}

/** A failure before the request reached the service: nothing can have started there. */
function neverConnected(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EHOSTUNREACH" || code === "EAI_AGAIN";
}

function describe(error: unknown): string {
  const code = (error as { code?: string })?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
