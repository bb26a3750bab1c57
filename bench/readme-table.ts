import { readFile, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

interface Results {
  readonly generatedAt: string;
  readonly mode: string;
  readonly database: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly node: string;
    readonly loadAverageAtStart: readonly number[];
  };
  readonly figures: readonly {
    figure: string;
    unit: string;
    value: number;
    goal?: string;
    met: boolean | null;
  }[];
  readonly skipped: readonly string[];
}

const readmeUrl = new URL("../README.md", import.meta.url);

/** Replaces the README's table between the bench markers with the figures of a results file. */
export async function writeReadmeTable(results: Results): Promise<void> {
  const readme = await readFile(readmeUrl, "utf8");
  const lines = [
    `Run ${results.generatedAt.slice(0, 16).replace("T", " ")} UTC, ${results.mode} mode, ${results.database === "postgres" ? "PostgreSQL" : "PGlite"}, ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}, load average ${results.machine.loadAverageAtStart.join(" / ")} at start.`,
    "",
    "| Figure | Value | Goal | Met |",
    "| --- | ---: | --- | --- |",
    ...results.figures.map(
      (figure) =>
        `| ${figure.figure} | ${figure.value} ${figure.unit} | ${figure.goal ? `${figure.goal} ${figure.unit}` : ""} | ${figure.met === null ? "" : figure.met ? "yes" : "**no**"} |`,
    ),
    ...(results.skipped.length > 0 ? ["", ...results.skipped.map((line) => `Skipped: ${line}.`)] : []),
  ];
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const before = readme.slice(0, readme.indexOf(start) + start.length);
  const after = readme.slice(readme.indexOf(end));
  if (!readme.includes(start) || !readme.includes(end)) throw new Error("README has no bench markers");
  await writeFile(readmeUrl, `${before}\n${lines.join("\n")}\n${after}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = JSON.parse(await readFile(new URL("./results.json", import.meta.url), "utf8")) as Results;
  await writeReadmeTable(results);
}
