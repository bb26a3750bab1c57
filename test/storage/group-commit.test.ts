import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../src/storage/answers/group-commit.js";

/** A writer whose transactions finish only when the test says so, recording every batch it was given. */
function gatedWriter(options: { failWhen?: (items: readonly number[]) => Error | undefined } = {}) {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const write = async (items: readonly number[]) => {
    batches.push([...items]);
    await new Promise<void>((resolve) => gates.push(resolve));
    const failure = options.failWhen?.(items);
    if (failure) throw failure;
    return items.map((item) => item * 10);
  };
  const openAll = async () => {
    // Let queued work reach the writer, then release every transaction waiting, until none is left.
    for (let round = 0; round < 50; round += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      for (const gate of gates.splice(0)) gate();
    }
  };
  return { batches, write, openAll };
}

const withState = (state: string) => Object.assign(new Error(`failed with ${state}`), { code: state });

describe("group commit", () => {
  it("GIVEN items arriving while a write is in flight THEN they go together in the next write, each with its own result", async () => {
    const writer = gatedWriter();
    const commit = new GroupCommit({
      write: writer.write,
      maxBatch: 100,
      maxConcurrent: 1,
      retryAlone: () => false,
    });
    const results = Array.from({ length: 7 }, (_, item) => commit.submit(item));
    await writer.openAll();
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    // The first item of a quiet moment is written at once; the six behind it share one transaction.
    expect(writer.batches).toEqual([[0], [1, 2, 3, 4, 5, 6]]);
  });

  it("GIVEN more items than a batch holds THEN writes never exceed the batch size or the concurrency", async () => {
    const writer = gatedWriter();
    const commit = new GroupCommit({
      write: writer.write,
      maxBatch: 3,
      maxConcurrent: 2,
      retryAlone: () => false,
    });
    const results = Array.from({ length: 10 }, (_, item) => commit.submit(item));
    await new Promise((resolve) => setImmediate(resolve));
    expect(writer.batches.length).toBe(2);
    await writer.openAll();
    await Promise.all(results);
    expect(writer.batches.every((batch) => batch.length <= 3)).toBe(true);
    expect(writer.batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("GIVEN one bad item fails its batch with a data error THEN the others are written alone and only it fails", async () => {
    const writer = gatedWriter({
      failWhen: (items) => (items.includes(4) ? withState("23503") : undefined),
    });
    const commit = new GroupCommit({
      write: writer.write,
      maxBatch: 100,
      maxConcurrent: 1,
      retryAlone: (error) => (error as { code?: string }).code === "23503",
    });
    const results = Array.from({ length: 6 }, (_, item) => commit.submit(item));
    const settling = Promise.allSettled(results);
    await writer.openAll();
    const settled = await settling;
    expect(settled.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(writer.batches).toEqual([[0], [1, 2, 3, 4, 5], [1], [2], [3], [4], [5]]);
  });

  it("GIVEN the database is unreachable THEN every item of the batch fails at once, without retries", async () => {
    const writer = gatedWriter({ failWhen: () => new Error("connection closed") });
    const commit = new GroupCommit({
      write: writer.write,
      maxBatch: 100,
      maxConcurrent: 1,
      retryAlone: () => false,
    });
    const results = Array.from({ length: 4 }, (_, item) => commit.submit(item));
    const settling = Promise.allSettled(results);
    await writer.openAll();
    const settled = await settling;
    expect(settled.every((outcome) => outcome.status === "rejected")).toBe(true);
    expect(writer.batches).toEqual([[0], [1, 2, 3]]);
  });

  it("GIVEN writes in flight THEN drained resolves only after the last one", async () => {
    const writer = gatedWriter();
    const commit = new GroupCommit({
      write: writer.write,
      maxBatch: 100,
      maxConcurrent: 1,
      retryAlone: () => false,
    });
    let drained = false;
    const results = [commit.submit(1), commit.submit(2)];
    const waiting = commit.drained().then(() => {
      drained = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    await writer.openAll();
    await waiting;
    await Promise.all(results);
    expect(drained).toBe(true);
  });
});
