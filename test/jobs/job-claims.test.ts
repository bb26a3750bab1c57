import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runOnce } from "../../src/app/jobs/claim-once.js";
import { jobClaimsCoordinator } from "../../src/jobs/node-cron-clock.js";
import { DrizzleJobClaims } from "../../src/storage/jobs/drizzle-job-claims.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";

const at = new Date("2026-03-02T08:00:00Z");

describe.each(storageKinds)("job claims on %s", (kind) => {
  let database: TestDatabase;
  let claims: DrizzleJobClaims;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    claims = new DrizzleJobClaims(database.db);
  });
  afterEach(async () => {
    await database.close();
  });

  it("GIVEN five processes claiming one key at once THEN exactly one wins, and later claims lose too", async () => {
    const results = await Promise.all(
      ["a", "b", "c", "d", "e"].map((claimant) => claims.claim("reminder:1:2026-03-02", claimant, at)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await claims.claim("reminder:1:2026-03-02", "f", at)).toBe(false);
    expect(await claims.claim("reminder:1:2026-03-03", "f", at)).toBe(true);
  });

  it("GIVEN the winner's job fails THEN the claim is given back and a later attempt runs", async () => {
    const failing = runOnce(claims, "job:x", "a", at, async () => {
      throw new Error("platform down");
    });
    await expect(failing).rejects.toThrow("platform down");
    expect(await runOnce(claims, "job:x", "b", at, async () => "sent")).toEqual({ ran: true, value: "sent" });
    expect(await runOnce(claims, "job:x", "c", at, async () => "sent")).toEqual({ ran: false });
  });
});

describe("node-cron's run coordinator on job claims", () => {
  it("GIVEN two processes asked about the same cron slot THEN only the first may run it", async () => {
    const database = await createTestDatabase("pglite");
    try {
      const claims = new DrizzleJobClaims(database.db);
      const clock = { now: () => at };
      const one = jobClaimsCoordinator(claims, "one", clock);
      const two = jobClaimsCoordinator(claims, "two", clock);
      const slot = "daily-quiz-7:2026-03-02T08:00:00.000Z";
      expect(await one.shouldRun(slot, 60_000)).toBe(true);
      expect(await two.shouldRun(slot, 60_000)).toBe(false);
      expect(await two.shouldRun("daily-quiz-7:2026-03-03T08:00:00.000Z", 60_000)).toBe(true);
    } finally {
      await database.close();
    }
  });
});
