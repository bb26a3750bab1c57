import { createServer } from "node:net";

/**
 * A port of 127.0.0.1 that nothing listens on right now (the system just handed it out and it was freed):
 * for a process a test starts on a chosen port, or a service that is not there yet.
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
}
