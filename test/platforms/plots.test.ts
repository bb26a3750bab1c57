import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCodeRunner, parseRunLimits, type StartedCodeRunner } from "../../src/runner/index.js";
import type { Actor } from "../fakes/slack/payloads.js";
import { eventually } from "../support/manual-time.js";
import { noMatplotlibReason, plotSnippet, systemPlotting, systemPython } from "../support/matplotlib.js";
import { pngSize } from "../support/png-size.js";
import { runQuizbot } from "../support/run-cli.js";
import { ada, startDiscordBot } from "./discord/harness.js";

/**
 * A plot from `/run` on every platform: the real bot, the real sandbox with Debian's matplotlib for the
 * system python3, and the PNG `plt.show()` saved reaching the member as an attachment (Discord), an
 * upload (Slack) or a saved file (console). Importing pyplot costs about a second of CPU; the wall limit
 * leaves room for a machine under load.
 */
const plotting = await systemPlotting();
const interpreter = {
  name: "system",
  python: systemPython,
  version: plotting?.version ?? "",
  backend: "bwrap" as const,
  freeThreaded: false,
};
const fenced = `\`\`\`python\n${plotSnippet}\n\`\`\``;

let runner: StartedCodeRunner | undefined;
beforeAll(async () => {
  if (!plotting) return;
  runner = await createCodeRunner({
    backend: "bwrap",
    python: systemPython,
    concurrency: 2,
    queueSize: 8,
    warmPool: 0,
    limits: parseRunLimits({ wallMs: 60_000, cpuSeconds: 10 }),
    sandboxMarker: "quizbot-test-plots",
    interpreters: [interpreter],
  });
}, 120_000);
afterAll(async () => {
  await runner?.close();
});

function expectPlot(bytes: Uint8Array | undefined): void {
  expect(pngSize(bytes ?? new Uint8Array())).toEqual({ width: 640, height: 480 });
  expect(bytes?.byteLength ?? 0).toBeGreaterThan(5_000);
}

describe.skipIf(!plotting)(
  `plt.show() in /run on every platform${plotting ? "" : ` (skipped: ${noMatplotlibReason})`}`,
  { timeout: 180_000 },
  () => {
    it("GIVEN /run with a plot on the fake Discord THEN the result carries figure-1.png as an attachment that decodes as the plot", async () => {
      const started = runner
        ? await startDiscordBot({ runner, interpreters: runner, rounds: { sweepMs: 600_000 } })
        : undefined;
      try {
        const discord = started?.discord;
        if (!discord) throw new Error("no bot");
        const sent = discord.send.command(ada, "run", { code: plotSnippet });
        const shown = await discord.waitForRequest(
          (request) => sent.answers(request) && request.files.length > 0,
          { timeoutMs: 120_000 },
        );
        expect(shown.files.map((file) => file.filename)).toEqual(["figure-1.png"]);
        expectPlot(shown.files[0]?.bytes);
        expect(JSON.stringify(shown.body)).toContain("figure-1.png");
      } finally {
        await started?.stop();
      }
    });

    it("GIVEN /run with a plot on the fake Slack THEN figure-1.png is uploaded with files.uploadV2 into the result's thread", async () => {
      // Loaded here, after discord.js: Bolt brings undici 7, and whichever undici loads first becomes the
      // process's dispatcher, which must be discord.js's for its uploads (see create-platforms.ts).
      const { postCommand } = await import("../fakes/slack/signed-request.js");
      const { slashCommand } = await import("../fakes/slack/payloads.js");
      const { signingSecret, slackTranscript, startSlackBot } = await import(
        "../fakes/slack/slack-harness.js"
      );
      const actor: Actor = { userId: "UADA", userName: "ada", channelId: "CSTUDY" };
      const started = runner
        ? await startSlackBot([{ id: actor.userId, name: "ada", displayName: "Ada" }], {
            runner,
            interpreters: runner,
            rounds: { sweepMs: 600_000 },
          })
        : undefined;
      try {
        const slack = started?.slack;
        if (!slack) throw new Error("no bot");
        const transcript = slackTranscript(slack.fake);
        await postCommand(slack.eventsUrl, slashCommand(actor, "/run", fenced, slack.fake.responseUrl()), {
          signingSecret,
        });
        await eventually(
          () => expect(slack.fake.callsTo("files.completeUploadExternal")).toHaveLength(1),
          120_000,
        );
        const asked = slack.fake.callsTo("files.getUploadURLExternal").map((call) => call.args.filename);
        expect(asked).toEqual(["figure-1.png"]);
        expect(slack.fake.uploads).toHaveLength(1);
        expectPlot(slack.fake.uploads[0]?.data);
        expect(slack.fake.callsTo("files.completeUploadExternal")[0]?.args.thread_ts).toBeDefined();
        expect(transcript.saying("Files from ./output/")?.text).toContain("figure-1.png");
      } finally {
        await started?.stop();
      }
    });

    it("GIVEN /run with a plot in the console THEN figure-1.png is saved under DATA_DIR and its path printed", async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-console-plots-"));
      try {
        const run = await runQuizbot(["start", "--platform", "console", "--data-dir", dataDir], {
          input: `/as Alice\n/run ${fenced}\n`,
          env: {
            RUNNER_BACKEND: "bwrap",
            RUNNER_WARM_POOL: "0",
            RUNNER_PYTHON: "system",
            RUNNER_INTERPRETERS: `system=${systemPython}`,
            RUNNER_WALL_SECONDS: "60",
            RUNNER_CPU_SECONDS: "10",
          },
          timeoutMs: 170_000,
        });
        expect(run.stdout).toContain("shown");
        expect(run.stdout).toMatch(/Files from \.\/output\/: figure-1\.png \(\d+ bytes\)/);
        const saved = /^(\/.*\/files\/message-\d+\/figure-1\.png)$/m.exec(run.stdout)?.[1];
        expect(saved?.startsWith(dataDir)).toBe(true);
        expectPlot(await readFile(saved ?? ""));
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  },
);
