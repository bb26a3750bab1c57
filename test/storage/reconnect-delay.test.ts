import { describe, expect, it } from "vitest";
import { reconnectDelaySeconds } from "../../src/storage/database.js";

describe("waiting to reconnect to PostgreSQL", () => {
  it("GIVEN a first failure THEN the wait is tens of milliseconds", () => {
    for (let i = 0; i < 100; i += 1) {
      const wait = reconnectDelaySeconds(1);
      expect(wait).toBeGreaterThanOrEqual(0.015);
      expect(wait).toBeLessThanOrEqual(0.03);
    }
  });

  it("GIVEN a long outage THEN the wait grows but never passes 2 s, so recovery is noticed within seconds", () => {
    const waits = Array.from({ length: 30 }, (_, failures) => reconnectDelaySeconds(failures));
    expect(Math.max(...waits)).toBeLessThanOrEqual(2);
    expect(reconnectDelaySeconds(1_000)).toBeGreaterThanOrEqual(1);
  });
});
