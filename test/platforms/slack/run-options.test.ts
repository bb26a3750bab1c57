import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StartedCodeRunner } from "../../../src/runner/index.js";
import { startComparingRunner } from "../../code-review/harness.js";
import { type Actor, blockAction, slashCommand, viewSubmission } from "../../fakes/slack/payloads.js";
import { postCommand, postInteraction } from "../../fakes/slack/signed-request.js";
import {
  type SlackUnderTest,
  signingSecret,
  slackTranscript,
  startSlackBot,
} from "../../fakes/slack/slack-harness.js";
import { eventually } from "../../support/manual-time.js";

const channelId = "CSTUDY";
const ada: Actor = { userId: "UADA", userName: "ada", channelId };
const grace: Actor = { userId: "UGRACE", userName: "grace", channelId };
const signed = { signingSecret };

// The real sandbox with two CPython minor versions where this machine has them (see the harness).
let runner: StartedCodeRunner;
let other: string | undefined;
beforeAll(async () => {
  ({ runner, other } = await startComparingRunner());
}, 120_000);
afterAll(async () => {
  await runner?.close();
});

/** `/run python:NAME`, "Run again" and "Compare interpreters" through the real Bolt app and the fake Slack. */
describe("/run python: and Compare interpreters on the fake Slack", { timeout: 120_000 }, () => {
  let slack: SlackUnderTest;
  let stop: () => Promise<void>;

  beforeEach(async () => {
    ({ slack, stop } = await startSlackBot(
      [
        { id: ada.userId, name: "ada", displayName: "Ada" },
        { id: grace.userId, name: "grace", displayName: "Grace" },
      ],
      { runner, interpreters: runner, rounds: { sweepMs: 600_000 } },
    ));
  });

  afterEach(async () => {
    await stop();
  });

  const names = () => runner.interpreters().map((interpreter) => interpreter.name);

  it("GIVEN /run python:NAME THEN that interpreter runs it, Run again keeps it, and Compare shows every interpreter's row", async () => {
    const transcript = slackTranscript(slack.fake);
    const chosen = other ?? names()[0] ?? "";
    const code = "import sys\nprint('hello')\nprint(sys.version_info[:2])";
    const response = await postCommand(
      slack.eventsUrl,
      slashCommand(ada, "/run", `python:${chosen} \`\`\`python\n${code}\n\`\`\``, slack.fake.responseUrl()),
      signed,
    );
    expect(response.status).toBe(200);
    const [major, minor] = chosen.split(".");
    const version = `(${major}, ${Number.parseInt(minor ?? "", 10)})`;
    await eventually(() => expect(transcript.saying(version)).toBeDefined(), 60_000);
    expect(transcript.saying(version)?.text).toContain(`Python ${chosen}`);

    const [again] = transcript.actionIds("run:again:");
    await postInteraction(
      slack.eventsUrl,
      blockAction(grace, { actionId: again ?? "" }, { ts: "1700000200.000100" }, slack.fake.responseUrl()),
      signed,
    );
    // The rerun's result, for everyone, names the same interpreter and prints the same version.
    await eventually(
      () => expect(transcript.said().filter((message) => message.text.includes(version))).toHaveLength(2),
      60_000,
    );
    expect(transcript.said().filter((message) => message.text.includes(`Python ${chosen}`))).toHaveLength(2);

    const compare = transcript.actionIds("run:cmp:").at(-1);
    if (names().length < 2) {
      expect(compare).toBeUndefined();
      return;
    }
    await postInteraction(
      slack.eventsUrl,
      blockAction(ada, { actionId: compare ?? "" }, { ts: "1700000200.000200" }, slack.fake.responseUrl()),
      signed,
    );
    await eventually(() => expect(transcript.saying("differs at stdout line 2")).toBeDefined(), 60_000);
    const table = transcript.saying("differs at stdout line 2")?.text ?? "";
    for (const name of names()) expect(table).toContain(name);
    expect(table).toContain("No free-threaded build");
  });

  it("GIVEN /run alone THEN the modal has an optional standard input field; code and input submitted THEN input() reads it", async () => {
    const transcript = slackTranscript(slack.fake);
    await postCommand(slack.eventsUrl, slashCommand(ada, "/run", "", slack.fake.responseUrl()), signed);
    await eventually(() => expect(slack.fake.callsTo("views.open")).toHaveLength(1));
    const view = slack.fake.callsTo("views.open")[0]?.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string; optional?: boolean }[];
    };
    expect(view.blocks.map((block) => [block.block_id, block.optional ?? false])).toEqual([
      ["code", false],
      ["input", true],
    ]);
    const code = "name = input()\ntimes = int(input())\nprint(f'hello {name} ' * times)";
    await postInteraction(
      slack.eventsUrl,
      viewSubmission(ada, view.callback_id, view.private_metadata, { code, input: "Ada\n3\n" }),
      signed,
    );
    await eventually(() => expect(transcript.saying("hello Ada hello Ada hello Ada")).toBeDefined(), 60_000);
    expect(transcript.saying("hello Ada hello Ada")?.text).toContain(`"channel":"${channelId}"`);
  });

  it("GIVEN a snippet that writes files under ./output THEN they are uploaded with files.uploadV2 into the result's thread", async () => {
    const transcript = slackTranscript(slack.fake);
    const code = [
      "import os",
      "os.makedirs('output')",
      "open('output/notes.txt', 'w').write('x' * 1000)",
      "open('output/shape.svg', 'w').write('<svg xmlns=\"http://www.w3.org/2000/svg\"/>')",
    ].join("\n");
    await postCommand(
      slack.eventsUrl,
      slashCommand(ada, "/run", `\`\`\`python\n${code}\n\`\`\``, slack.fake.responseUrl()),
      signed,
    );
    await eventually(
      () => expect(slack.fake.callsTo("files.completeUploadExternal")).toHaveLength(1),
      60_000,
    );
    const asked = slack.fake
      .callsTo("files.getUploadURLExternal")
      .map((call) => [call.args.filename, Number(call.args.length)]);
    expect(asked).toEqual(
      expect.arrayContaining([
        ["notes.txt", 1000],
        ["shape.svg", 41],
      ]),
    );
    // The client posts each file to its upload URL as a multipart form: the file plus the form's framing.
    const bodies = slack.fake.uploads.map((upload) => upload.bytes).sort((a, b) => a - b);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBeGreaterThanOrEqual(41);
    expect(bodies[1]).toBeGreaterThanOrEqual(1000);
    const completed = slack.fake.callsTo("files.completeUploadExternal")[0]?.args;
    expect(completed?.channel_id).toBe(channelId);
    expect(completed?.thread_ts).toBeDefined();
    expect(transcript.saying("Files from ./output/")?.text).toContain("notes.txt");
  });

  it("GIVEN /timeit with two python blocks THEN the first is the setup and the report reaches the channel", async () => {
    const transcript = slackTranscript(slack.fake);
    const text = "```python\nimport math\n```\n```python\nmath.sqrt(2)\n```";
    await postCommand(slack.eventsUrl, slashCommand(ada, "/timeit", text, slack.fake.responseUrl()), signed);
    await eventually(() => expect(transcript.saying("best of 5")).toBeDefined(), 60_000);
    const report = transcript.saying("best of 5")?.text ?? "";
    expect(report).toMatch(/\d+ loops?, best of 5: [\d.]+ (nsec|usec|msec) per loop/);
    expect(report).toContain("import math");
    expect(report).toContain(`"channel":"${channelId}"`);
  });
});
