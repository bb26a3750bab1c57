import { access } from "node:fs/promises";
import path from "node:path";
import { probeInterpreter } from "../../src/runner/bwrap/interpreter-probe.js";

/** Debian's python3-matplotlib is for the system interpreter; `.ci/run` installs it. */
export const systemPython = "/usr/bin/python3";

/** Whether one of these site-packages folders holds matplotlib (what the runner looks for, too). */
export async function hasMatplotlib(sitePackages: readonly string[] | undefined): Promise<boolean> {
  for (const folder of sitePackages ?? []) {
    try {
      await access(path.join(folder, "matplotlib", "__init__.py"));
      return true;
    } catch {
      // Not here.
    }
  }
  return false;
}

/** The system interpreter's version when it can import matplotlib here; undefined when it cannot. */
export async function systemPlotting(): Promise<{ version: string } | undefined> {
  const system = await probeInterpreter(systemPython).catch(() => undefined);
  return system && (await hasMatplotlib(system.sitePackages)) ? { version: system.version } : undefined;
}

export const noMatplotlibReason = `${systemPython} cannot import matplotlib here; apt-get install --no-install-recommends python3-matplotlib`;

/** A snippet that draws one line plot and shows it: figure-1.png in ./output/. */
export const plotSnippet = [
  "import matplotlib.pyplot as plt",
  "plt.plot([1, 2, 3, 4], [1, 4, 9, 16], marker='o')",
  "plt.title('squares')",
  "plt.show()",
  "print('shown')",
].join("\n");
