import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import { checkOutputFiles } from "../../src/runner/output-files.js";
import { startBwrapRunner, testMarker } from "./bwrap-runner.js";
import { processesWith } from "./host-processes.js";

const marker = testMarker("output-files");
let runner: StartedCodeRunner;

beforeAll(async () => {
  runner = await startBwrapRunner(marker, {}, 0);
});

afterAll(async () => {
  await runner.close();
  expect(await processesWith(marker)).toEqual([]);
});

const png =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const text = (data: Uint8Array | undefined) => Buffer.from(data ?? new Uint8Array()).toString("utf8");

describe("files a snippet writes under ./output/, from the bwrap sandbox", () => {
  it("GIVEN a PNG, an SVG and a CSV in ./output THEN they come back by name with their type and bytes", async () => {
    const result = await runner.run({
      code: [
        "import base64, os",
        "os.makedirs('output')",
        `open('output/dot.png', 'wb').write(base64.b64decode('${png}'))`,
        "open('output/shape.svg', 'w').write('<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>')",
        "open('output/table.csv', 'w').write('a,b\\n1,2\\n')",
        "print('done')",
      ].join("\n"),
    });
    expect(result).toMatchObject({ status: "ok", stdout: "done\n" });
    expect(result.files?.map((file) => [file.name, file.type, file.data.byteLength])).toEqual([
      ["dot.png", "png", Buffer.from(png, "base64").byteLength],
      ["shape.svg", "svg", 46],
      ["table.csv", "text", 8],
    ]);
    expect(text(result.files?.[2]?.data)).toBe("a,b\n1,2\n");
    expect(result.filesLeftOut).toBeUndefined();
  });

  it("GIVEN no ./output THEN the result has no files; GIVEN a program that fails after writing one THEN it still comes back", async () => {
    expect((await runner.run({ code: "print(1)" })).files).toBeUndefined();
    const failed = await runner.run({
      code: "import os\nos.makedirs('output')\nopen('output/partial.txt', 'w').write('so far')\nraise ValueError('late')",
    });
    expect(failed.status).toBe("error");
    expect(failed.files?.map((file) => file.name)).toEqual(["partial.txt"]);
  });

  it("GIVEN ten files, a folder, a link and a fake PNG THEN at most eight come back and the rest are named with why", async () => {
    const result = await runner.run({
      code: [
        "import os",
        "os.makedirs('output/folder')",
        "for n in range(10):",
        "    open(f'output/f{n}.txt', 'w').write(str(n))",
        "os.symlink('/etc/passwd', 'output/a-link.txt')",
        "open('output/b-fake.png', 'w').write('not a picture')",
      ].join("\n"),
    });
    expect(result.status).toBe("ok");
    expect(result.files?.map((file) => file.name)).toEqual([
      "f0.txt",
      "f1.txt",
      "f2.txt",
      "f3.txt",
      "f4.txt",
      "f5.txt",
      "f6.txt",
    ]);
    // Sorted by name inside: the link and the folder are not plain files, the fake PNG takes one of the
    // eight places inside and is refused outside for its contents, and three text files find no room.
    expect(result.filesLeftOut).toEqual(
      expect.arrayContaining([
        { name: "a-link.txt", reason: "kind" },
        { name: "folder", reason: "kind" },
        { name: "f7.txt", reason: "count" },
        { name: "f8.txt", reason: "count" },
        { name: "f9.txt", reason: "count" },
        { name: "b-fake.png", reason: "type" },
      ]),
    );
  });

  it("GIVEN files over 1 MiB together THEN those that fit come back and the rest are left out for size", async () => {
    const result = await runner.run({
      code: [
        "import os",
        "os.makedirs('output')",
        "open('output/a.txt', 'w').write('a' * 700_000)",
        "open('output/b.txt', 'w').write('b' * 400_000)",
        "open('output/c.txt', 'w').write('c' * 300_000)",
      ].join("\n"),
    });
    expect(result.files?.map((file) => [file.name, file.data.byteLength])).toEqual([
      ["a.txt", 700_000],
      ["c.txt", 300_000],
    ]);
    expect(result.filesLeftOut).toEqual([{ name: "b.txt", reason: "size" }]);
  });

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
