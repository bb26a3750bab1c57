import { describe, expect, it } from "vitest";
import { CachedDashboardStore } from "../../src/dashboard/cached-dashboard-store.js";
import type { DashboardStore, WorkspaceOverview } from "../../src/domain/ports/dashboard-store.js";

const scope = { platform: "discord", workspaceId: "1" } as const;
const other = { platform: "discord", workspaceId: "2" } as const;
const empty: WorkspaceOverview = {
  groups: [],
  week: "2026-W49",
  activeThisWeek: 0,
  mostActive: [],
  dailyQuizzes: [],
};

function countingStore(fail = false): DashboardStore & { reads: number } {
  const store = {
    reads: 0,
    async overview() {
      store.reads += 1;
      if (fail) throw new Error("database down");
      return empty;
    },
    member: async () => undefined,
    questions: async () => [],
    question: async () => undefined,
    tags: async () => [],
  };
  return store;
}

describe("the dashboard's page cache", () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 11, 2, 12, 0, seconds));

  it("GIVEN a page read twice within a minute THEN the store is read once, and again after the minute", async () => {
    const inner = countingStore();
    const cached = new CachedDashboardStore(inner, { ttlMs: 60_000 });
    await cached.overview(scope, at(0));
    await cached.overview(scope, at(59));
    expect(inner.reads).toBe(1);
    await cached.overview(scope, at(61));
    expect(inner.reads).toBe(2);
  });

  it("GIVEN two servers THEN each has its own figures", async () => {
    const inner = countingStore();
    const cached = new CachedDashboardStore(inner);
    await cached.overview(scope, at(0));
    await cached.overview(other, at(1));
    expect(inner.reads).toBe(2);
  });

  it("GIVEN a read that fails THEN it is not kept: the next request reads again", async () => {
    const inner = countingStore(true);
    const cached = new CachedDashboardStore(inner);
    await expect(cached.overview(scope, at(0))).rejects.toThrow("database down");
    await expect(cached.overview(scope, at(1))).rejects.toThrow("database down");
    expect(inner.reads).toBe(2);
  });
});
