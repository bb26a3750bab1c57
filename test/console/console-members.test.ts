import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { IncomingEvent } from "../../src/domain/ports/chat-platform.js";
import { ConsolePlatform } from "../../src/platforms/console/console-platform.js";

/** Types `lines` into a console platform and returns the events it delivered and what it printed. */
async function typeInto(lines: readonly string[]): Promise<{ events: IncomingEvent[]; printed: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
  });
  const ended = new Promise<void>((resolve) => {
    const platform = new ConsolePlatform({
      input,
      output,
      colour: false,
      userName: "you",
      onInputEnd: resolve,
    });
    void platform.start(async (event) => {
      events.push(event);
    });
  });
  const events: IncomingEvent[] = [];
  input.end(`${lines.join("\n")}\n`);
  await ended;
  return { events, printed };
}

describe("switching members in the console with /as", () => {
  it("GIVEN a name with control characters, a NUL, tabs and a lone surrogate THEN the member's id and name are cleaned", async () => {
    const { events } = await typeInto(["/as \u0007Zoë\tthe\u0000 \u001b Great\uD800", "hello"]);
    const [message] = events;
    expect(message?.type).toBe("message");
    expect(message?.user).toMatchObject({ id: "zoë the great\uFFFD", displayName: "Zoë the Great\uFFFD" });
  });

  it("GIVEN a name with nothing visible THEN the switch is refused and the member stays who they were", async () => {
    const { events, printed } = await typeInto(["/as \u0000\u0007", "hi"]);
    expect(printed).toContain("needs at least one visible character");
    expect(events.map((event) => event.user.id)).toEqual(["you"]);
  });

  it("GIVEN a very long name THEN it is cut to 40 characters", async () => {
    const { events } = await typeInto([`/as ${"x".repeat(100)}`, "hi"]);
    expect(events[0]?.user.displayName).toBe("x".repeat(40));
  });
});
