import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StartedCodeRunner } from "../../../src/runner/index.js";
import { snippetRuns } from "../../../src/storage/schema/index.js";
import { startComparingRunner } from "../../code-review/harness.js";
import type { FakeDiscord, RecordedRequest } from "../../fakes/discord/fake-discord.js";
import type { SentInteraction } from "../../fakes/discord/interaction-sender.js";
import type { TestDatabase } from "../../support/database.js";
import { ada, grace, startDiscordBot } from "./harness.js";

type Row = { components: { custom_id: string; label: string }[] };
type MessageBody = { embeds?: unknown[]; components?: Row[] };

function messageOf(request: RecordedRequest): MessageBody {
  const body = request.body as { data?: MessageBody } & MessageBody;
  return request.path.endsWith("/callback") ? (body.data ?? {}) : body;
}

// The real sandbox with two CPython minor versions where this machine has them (see the harness).
let runner: StartedCodeRunner;
let other: string | undefined;
beforeAll(async () => {
  ({ runner, other } = await startComparingRunner());
}, 120_000);
afterAll(async () => {
  await runner?.close();
});

/**
 * `/run python:`, its autocomplete, "Run again" and "Compare interpreters" through the real discord.js
 * client, the fake Discord, the real bot and the real sandbox.
 */
describe("/run python: and Compare interpreters on the fake Discord", { timeout: 120_000 }, () => {
  let discord: FakeDiscord;
  let database: TestDatabase;
  let stop: () => Promise<void>;

  beforeEach(async () => {
    ({ discord, database, stop } = await startDiscordBot({
      runner,
      interpreters: runner,
      rounds: { sweepMs: 600_000 },
    }));
  });

  afterEach(async () => {
    await stop();
  });

  const names = () => runner.interpreters().map((interpreter) => interpreter.name);
  const versionSnippet = "import sys\nprint('hello')\nprint(sys.version_info[:2])";

  /**
   * The result the bot showed for an interaction: the edit of its deferred reply to a command, or the
   * follow-up under a pressed button (the pressed message stays as it was).
   */
  async function result(sent: SentInteraction): Promise<{ text: string; buttons: Map<string, string> }> {
    const shown = await discord.waitForRequest(
      (request) => sent.answers(request) && messageOf(request).embeds !== undefined,
      { timeoutMs: 60_000 },
    );
    const message = messageOf(shown);
    const buttons = new Map(
      (message.components ?? []).flatMap((row) => row.components.map((c) => [c.label, c.custom_id] as const)),
    );
    return { text: JSON.stringify(message.embeds ?? []), buttons };
  }

  /** Presses a button on the bot's message that carries it. */
  function press(user: typeof ada, customId: string): SentInteraction {
    const message = [...discord.messages.values()].find((stored) =>
      JSON.stringify(stored.components ?? []).includes(`"${customId}"`),
    );
    if (!message) throw new Error(`no message carries ${customId}`);
    return discord.send.button(user, message.id, customId);
  }

  it("GIVEN typing in /run's python option THEN Discord gets the interpreters that start with what was typed", async () => {
    const sent = discord.send.autocomplete(ada, "run", "python", "3");
    const answer = await discord.waitForRequest(sent.answers);
    const offered = names().filter((name) => name.startsWith("3"));
    expect(answer.body).toEqual({
      type: 8,
      data: { choices: offered.map((name) => ({ name, value: name })) },
    });
    const none = discord.send.autocomplete(grace, "run", "python", "2.");
    expect((await discord.waitForRequest(none.answers)).body).toEqual({ type: 8, data: { choices: [] } });
  });

  it("GIVEN /run python:NAME THEN that interpreter runs it, Run again keeps it, and Compare shows every interpreter's row", async () => {
    const chosen = other ?? names()[0] ?? "";
    const first = await result(discord.send.command(ada, "run", { code: versionSnippet, python: chosen }));
    expect(first.text).toContain(`Python ${chosen}`);
    const [major, minor] = chosen.split(".");
    expect(first.text).toContain(`(${major}, ${Number.parseInt(minor ?? "", 10)})`);

    const again = await result(press(grace, first.buttons.get("Run again") ?? "none"));
    expect(again.text).toContain(`Python ${chosen}`);
    expect(again.text).toContain(`(${major}, ${Number.parseInt(minor ?? "", 10)})`);

    const compareId = again.buttons.get("Compare interpreters");
    if (names().length < 2) {
      expect(compareId).toBeUndefined();
      return;
    }
    const compared = await result(press(ada, compareId ?? "none"));
    for (const name of names()) expect(compared.text).toContain(name);
    expect(compared.text).toContain("differs at stdout line 2");
    expect(compared.text).toContain("No free-threaded build");
  });

  it("GIVEN /run python: with an interpreter that is not offered THEN only the member hears which ones are", async () => {
    const sent = discord.send.command(ada, "run", { code: "print(1)", python: "2.7" });
    const answer = await discord.waitForRequest(sent.answers);
    const body = JSON.stringify(answer.body);
    expect(body).toContain("2.7");
    for (const name of names()) expect(body).toContain(name);
    expect((answer.body as { data?: { flags?: number } }).data?.flags).toBe(64);
  });

  const greeter = "name = input()\ntimes = int(input())\nprint(f'hello {name} ' * times)";

  it("GIVEN /run alone THEN the form has an optional standard input field; code and input submitted THEN input() reads it and Run again gives it again", async () => {
    const opened = discord.send.command(ada, "run", {});
    const form = await discord.waitForRequest(opened.answers);
    const body = form.body as {
      type: number;
      data: { custom_id: string; components: { components: { custom_id: string; required: boolean }[] }[] };
    };
    expect(body.type).toBe(9);
    const fields = body.data.components.flatMap((row) => row.components);
    expect(fields.map((field) => [field.custom_id, field.required])).toEqual([
      ["code", true],
      ["input", false],
    ]);
    const first = await result(
      discord.send.modal(ada, body.data.custom_id, { code: greeter, input: "Ada\n2\n" }),
    );
    expect(first.text).toContain("hello Ada hello Ada");
    const again = await result(press(grace, first.buttons.get("Run again") ?? "none"));
    expect(again.text).toContain("hello Ada hello Ada");
  });

  it("GIVEN /run with the input option THEN input() reads it; without input THEN input() meets EOFError", async () => {
    const given = await result(discord.send.command(ada, "run", { code: greeter, input: "Grace" }));
    // One line of input: the second input() finds the end of it.
    expect(given.text).toContain("EOFError");
    const alone = await result(discord.send.command(ada, "run", { code: "print(input())" }));
    expect(alone.text).toContain("EOFError");
    const one = await result(
      discord.send.command(grace, "run", { code: "print(input()[::-1])", input: "ecarG" }),
    );
    expect(one.text).toContain("Grace");
  });

  it("GIVEN more standard input than 20 KiB THEN only the member hears the limit and nothing runs", async () => {
    const sent = discord.send.modal(ada, "run", { code: "print(1)", input: "x".repeat(20 * 1024 + 1) });
    const answer = await discord.waitForRequest(
      (request) => sent.answers(request) && JSON.stringify(request.body ?? {}).includes("too large"),
      { timeoutMs: 30_000 },
    );
    expect(JSON.stringify(answer.body)).toContain("20 KiB of standard input");
    expect((answer.body as { flags?: number }).flags).toBe(64);
    expect(await database.db.select().from(snippetRuns)).toEqual([]);
  });

  it("GIVEN a snippet that writes a PNG and a CSV under ./output THEN both are attached to the result, named in it, and a file past the limits is named as not sent", async () => {
    const code = [
      "import base64, os",
      "os.makedirs('output')",
      "open('output/dot.png', 'wb').write(base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='))",
      "open('output/table.csv', 'w').write('a,b\\n1,2\\n')",
      "open('output/zz-big.txt', 'w').write('z' * (1024 * 1024))",
    ].join("\n");
    const sent = discord.send.command(ada, "run", { code });
    const shown = await discord.waitForRequest(
      (request) => sent.answers(request) && request.files.length > 0,
      { timeoutMs: 60_000 },
    );
    expect(shown.files.map((file) => file.filename)).toEqual(["dot.png", "table.csv"]);
    expect(shown.files.find((file) => file.filename === "table.csv")?.content).toBe("a,b\n1,2\n");
    const words = JSON.stringify(messageOf(shown).embeds);
    expect(words).toContain("Files from ./output/:");
    expect(words).toContain("zz-big.txt");
    expect(words).toContain("past 1 MiB in all");
  });

  it("GIVEN /timeit with setup THEN the channel sees timeit's report; a statement past the wall limit says it stopped", async () => {
    const timed = await result(
      discord.send.command(ada, "timeit", { code: "sum(data)", setup: "data = list(range(100))" }),
    );
    expect(timed.text).toMatch(/\d+ loops?, best of 5: [\d.]+ (nsec|usec|msec) per loop/);
    expect(timed.text).toContain("data = list(range(100))");
    const stuck = await result(discord.send.command(grace, "timeit", { code: "while True: pass" }));
    expect(stuck.text).toContain("Stopped at the wall limit");
  });
});
