import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ProcessCodeReviewer } from "../../src/review/process-code-reviewer.js";

const racy = "import threading\ncounter = 0\ndef work():\n    global counter\n    counter += 1\n";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const reviewers: ProcessCodeReviewer[] = [];
afterEach(async () => {
  await Promise.all(reviewers.splice(0).map((reviewer) => reviewer.close()));
});

describe("GIVEN the code reviewer's own process", () => {
  it("WHEN the bot has reviewed nothing yet THEN no reviewer process runs", () => {
    const reviewer = new ProcessCodeReviewer();
    reviewers.push(reviewer);
    expect(reviewer.pid).toBeUndefined();
  });

  it("WHEN it has been idle past its limit THEN the process ends, and the next snippet starts a new one", async () => {
    const reviewer = new ProcessCodeReviewer({ idleMs: 300 });
    reviewers.push(reviewer);
    await reviewer.warm();
    const first = reviewer.pid;
    expect(first).toBeDefined();
    await until(() => reviewer.pid === undefined && !alive(first ?? 0));

    const review = await reviewer.review(racy);
    expect(review.status).toBe("reviewed");
    expect(reviewer.pid).toBeDefined();
    expect(reviewer.pid).not.toBe(first);
  }, 120_000);

  it("WHEN reviews keep coming THEN the same process serves them", async () => {
    const reviewer = new ProcessCodeReviewer({ idleMs: 2_000 });
    reviewers.push(reviewer);
    await reviewer.warm();
    const pid = reviewer.pid;
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await reviewer.review(`${racy}x = ${i}\n`)).status).toBe("reviewed");
    }
    expect(reviewer.pid).toBe(pid);
  }, 120_000);

  it("THEN the process sees none of the bot's environment, so no token can leak into it", async () => {
    process.env.QUIZBOT_TEST_SECRET = "s3cret-token-value";
    try {
      const reviewer = new ProcessCodeReviewer();
      reviewers.push(reviewer);
      await reviewer.warm();
      const environ = readFileSync(`/proc/${reviewer.pid}/environ`, "utf8").split("\0");
      expect(environ.some((entry) => entry.includes("s3cret-token-value"))).toBe(false);
      const names = environ.filter((entry) => entry.length > 0).map((entry) => entry.split("=")[0]);
      // PATH, and the IPC channel Node itself adds for the parent's messages.
      expect(names.filter((name) => !name?.startsWith("NODE_CHANNEL_"))).toEqual(["PATH"]);
    } finally {
      delete process.env.QUIZBOT_TEST_SECRET;
    }
  }, 120_000);

  it("WHEN it is closed THEN its process is gone", async () => {
    const reviewer = new ProcessCodeReviewer();
    await reviewer.warm();
    const pid = reviewer.pid ?? 0;
    await reviewer.close();
    expect(alive(pid)).toBe(false);
  }, 120_000);
});
