import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import { checkOutputFiles } from "../../src/runner/output-files.js";
import { startBwrapRunner, testMarker } from "./bwrap-runner.js";
import { processesWith } from "./host-processes.js";
import { outputFileCases } from "./output-file-cases.js";

const marker = testMarker("output-files");
let runner: StartedCodeRunner;

beforeAll(async () => {
  runner = await startBwrapRunner(marker, {}, 0);
});

afterAll(async () => {
  await runner.close();
  expect(await processesWith(marker)).toEqual([]);
});

describe("files a snippet writes under ./output/, from the bwrap sandbox", () => {
  for (const { name, check } of outputFileCases) it(name, () => check(runner));

  it("GIVEN a program that writes its own report on the report pipe THEN no file it invents comes back and the run still ends", async () => {
    const result = await runner.run({
      code: [
        "import os",
        "payload = b'1 7 3\\n' + b'x.png' + b'\\x89PNG\\r\\n\\x1a\\n' + b'abc'",
        "for fd in range(3, 10):",
        "    try:",
        "        os.write(fd, b'F%012d' % len(payload) + payload + b'garbage')",
        "    except OSError:",
        "        pass",
        "print('forged')",
      ].join("\n"),
    });
    expect(result).toMatchObject({ status: "ok", stdout: "forged\n" });
    expect(result.files).toBeUndefined();
  });
});

describe("the runner's own check of returned files", () => {
  const file = (name: string, data: string | Uint8Array) => ({
    name,
    data: typeof data === "string" ? new TextEncoder().encode(data) : data,
  });

  it("GIVEN what a sandbox reported THEN only plain names, 8 files, 1 MiB and contents matching the name pass", () => {
    const checked = checkOutputFiles([
      file("../escape.txt", "x"),
      file("ok.txt", "fine"),
      file("binary.txt", new Uint8Array([0xff, 0xfe, 0x00])),
      file("image.jpg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0])),
      file("script.sh", "echo"),
      file("huge.txt", "x".repeat(1024 * 1024)),
    ]);
    expect(checked.files.map((f) => [f.name, f.type])).toEqual([
      ["ok.txt", "text"],
      ["image.jpg", "jpeg"],
    ]);
    expect(checked.leftOut).toEqual([
      { name: "../escape.txt", reason: "name" },
      { name: "binary.txt", reason: "type" },
      { name: "script.sh", reason: "type" },
      { name: "huge.txt", reason: "size" },
    ]);
    const many = checkOutputFiles(Array.from({ length: 9 }, (_, n) => file(`n${n}.txt`, "1")));
    expect(many.files).toHaveLength(8);
    expect(many.leftOut).toEqual([{ name: "n8.txt", reason: "count" }]);
  });
});
