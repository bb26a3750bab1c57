import { createServer, type Server } from "node:http";

/** The `GET /metrics` page: Prometheus text and its content type. */
export type MetricsPage = () => Promise<{ contentType: string; body: string }>;

/**
 * `GET /healthz` answers 200 while the bot runs: the Dockerfile's HEALTHCHECK and orchestrators poll it.
 * `GET /metrics` answers with the process's metrics when a page is given (docs/metrics.md).
 */
export async function startHealthServer(
  port: number,
  isHealthy: () => boolean,
  metrics?: MetricsPage,
): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === "/metrics" && metrics) {
      metrics().then(
        (page) => {
          response.writeHead(200, { "content-type": page.contentType });
          response.end(page.body);
        },
        () => {
          response.writeHead(500, { "content-type": "text/plain" });
          response.end("metrics unavailable\n");
        },
      );
      return;
    }
    const healthy = request.url === "/healthz" && isHealthy();
    response.writeHead(healthy ? 200 : 503, { "content-type": "text/plain" });
    response.end(healthy ? "ok\n" : "unavailable\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "0.0.0.0", resolve);
  });
  return server;
}
