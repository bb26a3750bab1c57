import { createHash, timingSafeEqual } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { CodeRunner, InterpreterCatalog, RunLimits } from "../../domain/ports/code-runner.js";
import type { Logger } from "../../logger.js";
import { SharedRuns } from "./shared-runs.js";
import { readWireRequest } from "./wire-request.js";

export interface RunServerOptions {
  readonly runner: CodeRunner & InterpreterCatalog;
  /** The service's own limits: a request may ask for less, never more. */
  readonly limits: RunLimits;
  /** The bearer token every request but `GET /healthz` must carry. */
  readonly token: string;
  /** 127.0.0.1 unless the operator says otherwise. */
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Largest request body in bytes; a larger one gets 413 (default: the code limit plus 2 MiB of files). */
  readonly bodyLimitBytes?: number;
  readonly logger?: Logger;
  /** The process's metrics for `GET /metrics` (behind the token like every route but `/healthz`). */
  readonly metrics?: () => Promise<{ contentType: string; body: string }>;
}

export interface RunServer {
  /** `http://host:port`, with the port the server got. */
  readonly url: string;
  /** Refuses new runs with 503 and reports unhealthy, then waits for the runs in flight and closes. */
  drain(): Promise<void>;
}

interface ServiceState {
  readonly runs: SharedRuns;
  draining: boolean;
}

/**
 * `quizbot runner serve`: the sandbox behind HTTP. `POST /run` takes a run request as JSON and answers with
 * the same RunResult JSON as `quizbot run --json`; `GET /interpreters` lists what it runs; `GET /healthz`
 * says whether it takes runs. A run whose client hangs up before its result is cancelled, unless another
 * request with the same `Idempotency-Key` still waits for it.
 */
export async function startRunServer(options: RunServerOptions): Promise<RunServer> {
  const bodyLimit = options.bodyLimitBytes ?? options.limits.codeBytes + 2 * 1024 * 1024;
  const app = Fastify({ bodyLimit, logger: false, return503OnClosing: true });
  const state: ServiceState = { runs: new SharedRuns(options.runner), draining: false };
  handleErrors(app, options.logger);
  requireToken(app, options.token);
  addRoutes(app, options, state);
  const host = options.host ?? "127.0.0.1";
  await app.listen({ host, port: options.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  let drained: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    drain() {
      drained ??= (async () => {
        state.draining = true;
        await state.runs.settled();
        app.server.closeIdleConnections();
        await app.close();
      })();
      return drained;
    },
  };
}

function addRoutes(app: FastifyInstance, options: RunServerOptions, state: ServiceState): void {
  app.get("/healthz", async (_request, reply) =>
    reply
      .code(state.draining ? 503 : 200)
      .send({ status: state.draining ? "draining" : "ok", inFlight: state.runs.inFlight }),
  );

  const metrics = options.metrics;
  if (metrics) {
    app.get("/metrics", async (_request, reply) => {
      const page = await metrics();
      return reply.type(page.contentType).send(page.body);
    });
  }

  app.get("/interpreters", async () => ({
    backend: options.runner.backend,
    interpreters: options.runner.interpreters(),
    limits: options.limits,
  }));

  app.post("/run", async (request, reply) => {
    if (state.draining) return reply.code(503).send({ error: "draining" });
    const read = readWireRequest(request.body, options.limits);
    if (!read.ok) return reply.code(400).send({ error: "bad_request", ...read.problem });
    const run = state.runs.enter(read.request, idempotencyKey(request));
    run.join();
    // The client hung up: if nobody else waits for this run, nobody will read its result.
    reply.raw.once("close", () => run.leave());
    const result = await run.result;
    return reply.code(200).send(result);
  });
}

/** Malformed JSON, a body over the limit, a wrong content type: a 4xx that says so, never a crash. */
function handleErrors(app: FastifyInstance, logger: Logger | undefined): void {
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) logger?.error({ code: error.code }, "runner service: request failed");
    void reply
      .code(status)
      .send({ error: errorWord(status), detail: status === 500 ? "internal error" : error.message });
  });
}

function requireToken(app: FastifyInstance, token: string): void {
  app.addHook("onRequest", async (request, reply) => {
    if (request.url === "/healthz") return;
    if (!authorised(request, token)) {
      await reply.code(401).header("www-authenticate", "Bearer").send({ error: "unauthorised" });
    }
  });
}

/** Constant-time comparison of the bearer token: both sides hashed to one length first. */
function authorised(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? "";
  const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers["idempotency-key"];
  return typeof key === "string" && key.length > 0 && key.length <= 200 ? key : undefined;
}

function errorWord(status: number): string {
  if (status === 413) return "too_large";
  if (status === 415) return "unsupported_media_type";
  if (status === 400) return "bad_request";
  if (status === 404) return "not_found";
  return status === 500 ? "internal" : "refused";
}
