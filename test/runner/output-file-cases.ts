import { expect } from "vitest";
import type { CodeRunner } from "../../src/domain/ports/code-runner.js";

/**
 * Files a snippet writes under ./output/: one table of cases that test/runner/bwrap-output-files.test.ts
 * and test/runner/pyodide.test.ts both run, so the two backends are held to the same rules (at most eight
 * plain files, 1 MiB together, contents matching the name) and cannot drift apart unseen.
 */
export interface OutputFileCase {
  readonly name: string;
  readonly check: (runner: CodeRunner) => Promise<void>;
}

const png =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const text = (data: Uint8Array | undefined) => Buffer.from(data ?? new Uint8Array()).toString("utf8");

export const outputFileCases: readonly OutputFileCase[] = [
  {
    name: "GIVEN a PNG, an SVG and a CSV in ./output THEN they come back by name with their type and bytes, and the next run, with no ./output, has none",
    check: async (runner) => {
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
      // The next run starts in a fresh working directory: nothing of these comes back again.
      expect((await runner.run({ code: "print(1)" })).files).toBeUndefined();
    },
  },
  {
    name: "GIVEN a program that fails after writing a file THEN the file still comes back",
    check: async (runner) => {
      const failed = await runner.run({
        code: "import os\nos.makedirs('output')\nopen('output/partial.txt', 'w').write('so far')\nraise ValueError('late')",
      });
      expect(failed.status).toBe("error");
      expect(failed.files?.map((file) => file.name)).toEqual(["partial.txt"]);
    },
  },
  {
    name: "GIVEN ten files, a folder, a link and a fake PNG THEN at most eight come back and the rest are named with why",
    check: async (runner) => {
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
    },
  },
  {
    name: "GIVEN files over 1 MiB together from a program that then fails THEN those that fit come back and the rest are left out for size",
    check: async (runner) => {
      const result = await runner.run({
        code: [
          "import os",
          "os.makedirs('output')",
          "open('output/a.txt', 'w').write('a' * 700_000)",
          "open('output/b.txt', 'w').write('b' * 400_000)",
          "open('output/c.txt', 'w').write('c' * 300_000)",
          "raise SystemExit(2)",
        ].join("\n"),
      });
      expect(result.status).toBe("error");
      expect(result.files?.map((file) => [file.name, file.data.byteLength])).toEqual([
        ["a.txt", 700_000],
        ["c.txt", 300_000],
      ]);
      expect(result.filesLeftOut).toEqual([{ name: "b.txt", reason: "size" }]);
    },
  },
];
