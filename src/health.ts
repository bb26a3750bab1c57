import { createServer, type Server } from "node:http";

/** `GET /healthz` answers 200 while the bot runs: the Dockerfile's HEALTHCHECK and orchestrators poll it. */
export async function startHealthServer(port: number, isHealthy: () => boolean): Promise<Server> {
  const server = createServer((request, response) => {
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
