import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { access, chmod, lstat, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Logger } from "../../logger.js";
import { outputDirectory } from "../output-files.js";
import type { Interpreter } from "./interpreter-probe.js";
import { type SandboxExtras, workDirectory } from "./sandbox-command.js";

const execFileAsync = promisify(execFile);

/** Where matplotlib finds its configuration inside the sandbox: a folder in the sandbox's own /tmp. */
export const sandboxMatplotlibDirectory = "/tmp/matplotlib";
/** The read-only folder inside the sandbox holding the plotting backend module. */
const sandboxModuleDirectory = "/opt/quizbot/python";
const backendModule = "_quizbot_plots";
/** How long building matplotlib's font cache on the host may take (seconds on a quiet machine). */
const buildTimeoutMs = 120_000;

/**
 * The backend `plt.show()` uses in the sandbox: every open figure is saved as a PNG in ./output/
 * (figure-1.png, figure-2.png... across calls), where the run's files come from, and closed, as a
 * window would be. Everything else is matplotlib's Agg backend.
 */
const backendSource = `"""quizbot's plotting backend: pyplot.show() saves each open figure as a PNG under ./${outputDirectory}/."""
import os
from matplotlib import _pylab_helpers
from matplotlib.backend_bases import FigureManagerBase as FigureManager
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas

_FOLDER = "${workDirectory}/${outputDirectory}"
_shown = 0


def show(*args, **kwargs):
    global _shown
    managers = _pylab_helpers.Gcf.get_all_fig_managers()
    if managers:
        os.makedirs(_FOLDER, exist_ok=True)
    for manager in managers:
        _shown += 1
        name = os.path.join(_FOLDER, "figure-%d.png" % _shown)
        while os.path.exists(name):
            _shown += 1
            name = os.path.join(_FOLDER, "figure-%d.png" % _shown)
        manager.canvas.figure.savefig(name)
    _pylab_helpers.Gcf.destroy_all()
`;

// matplotlib reads its configuration folder's matplotlibrc before Debian's /etc/matplotlibrc, which the
// sandbox does not have (without any, Debian's matplotlib refuses to import).
const matplotlibrc = `backend: module://${backendModule}\n`;

// Run on the host, outside any sandbox, with MPLCONFIGDIR set to the folder to fill: importing the font
// manager builds fontlist-v<N>.json there, the cache each sandbox would otherwise build on every run.
const buildScript =
  "import sys;sys.path.extend(sys.argv[1:]);import matplotlib.font_manager as f;" +
  "print(f.FontManager.__version__)";

export interface PlotSupportOptions {
  /** Where font caches are kept between starts (default `/var/tmp/quizbot-matplotlib-<uid>`). */
  readonly cacheRoot?: string;
  readonly logger?: Logger;
}

/**
 * What an interpreter's sandbox needs beyond the base one: its site-packages on `sys.path` and, where
 * matplotlib is installed there, plots (see `plotExtras`). Never fails: without plots, it says why in
 * the log and the snippet gets matplotlib's own errors.
 */
export async function sandboxExtras(
  interpreter: Interpreter,
  options: PlotSupportOptions = {},
): Promise<SandboxExtras | undefined> {
  const sitePackages = interpreter.sitePackages ?? [];
  if (sitePackages.length === 0) return undefined;
  const base: SandboxExtras = { pythonPath: sitePackages, binds: [], environment: [] };
  const matplotlib = await findMatplotlib(sitePackages);
  if (!matplotlib) return base;
  try {
    const plots = await plotExtras(interpreter, matplotlib, options.cacheRoot ?? defaultCacheRoot());
    return {
      pythonPath: [...sitePackages, ...plots.pythonPath],
      binds: plots.binds,
      environment: plots.environment,
    };
  } catch (error) {
    options.logger?.warn(
      { interpreter: interpreter.executable, reason: error instanceof Error ? error.message : String(error) },
      "matplotlib's font cache could not be prepared; plots will be slow or fail in the sandbox",
    );
    return base;
  }
}

/** The `matplotlib/__init__.py` the interpreter would import, or undefined when none is installed. */
async function findMatplotlib(sitePackages: readonly string[]): Promise<string | undefined> {
  for (const folder of sitePackages) {
    const init = path.join(folder, "matplotlib", "__init__.py");
    try {
      await access(init);
      return init;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/**
 * Plots for one interpreter: a host folder per matplotlib install (keyed by the interpreter and the
 * install's path and time, so an upgrade builds a new one) holding the font cache, a matplotlibrc that
 * names the backend, and the backend module. Built once (seconds), then found at each start.
 *
 * Inside the sandbox, MPLCONFIGDIR is a folder in its private /tmp, writable as matplotlib requires,
 * with the cache and the matplotlibrc bound read-only into it; the module's folder goes on sys.path.
 * Debian's BLAS and LAPACK are found through /etc/alternatives, bound read-only too; and OpenBLAS runs
 * one thread, as the sandbox's process limit counts threads.
 */
async function plotExtras(
  interpreter: Interpreter,
  matplotlibInit: string,
  cacheRoot: string,
): Promise<SandboxExtras> {
  const root = await ownFolder(cacheRoot);
  const { mtimeMs, size } = await stat(matplotlibInit);
  const key = createHash("sha256")
    .update(`${interpreter.executable}\n${matplotlibInit}\n${mtimeMs}\n${size}\n`)
    .update(backendSource + matplotlibrc)
    .digest("hex")
    .slice(0, 16);
  const folder = path.join(root, key);
  let fontLists = await fontListsIn(folder);
  if (fontLists.length === 0) {
    await build(interpreter, folder);
    fontLists = await fontListsIn(folder);
    if (fontLists.length === 0) throw new Error("matplotlib wrote no font cache");
  }
  const binds = [
    ...fontLists.map((name) => ({
      source: path.join(folder, name),
      target: `${sandboxMatplotlibDirectory}/${name}`,
    })),
    { source: path.join(folder, "matplotlibrc"), target: `${sandboxMatplotlibDirectory}/matplotlibrc` },
    { source: path.join(folder, "python"), target: sandboxModuleDirectory },
  ];
  if (await exists("/etc/alternatives"))
    binds.push({ source: "/etc/alternatives", target: "/etc/alternatives" });
  return {
    pythonPath: [sandboxModuleDirectory],
    binds,
    environment: [
      ["MPLCONFIGDIR", sandboxMatplotlibDirectory],
      ["OPENBLAS_NUM_THREADS", "1"],
    ],
  };
}

/**
 * Builds the folder beside its final place and renames it there, so a sandbox never binds a half-written
 * cache and two processes starting at once (test workers) both end with a whole one.
 */
async function build(interpreter: Interpreter, folder: string): Promise<void> {
  const building = await mkdtemp(`${folder}.building-`);
  try {
    // The sandbox's user (nobody, when the bot is root) reads it through its bind mounts.
    await chmod(building, 0o755);
    await mkdir(path.join(building, "python"), { mode: 0o755 });
    await writeFile(path.join(building, "python", `${backendModule}.py`), backendSource, { mode: 0o644 });
    await writeFile(path.join(building, "matplotlibrc"), matplotlibrc, { mode: 0o644 });
    await execFileAsync(
      interpreter.executable,
      ["-I", "-S", "-c", buildScript, ...(interpreter.sitePackages ?? [])],
      {
        timeout: buildTimeoutMs,
        // HOME is the folder itself, so no font of the bot's own home (absent in the sandbox) is listed.
        env: {
          PATH: "/usr/bin:/bin",
          HOME: building,
          MPLCONFIGDIR: building,
          MPLBACKEND: "Agg",
          OPENBLAS_NUM_THREADS: "1",
        },
      },
    );
    await rename(building, folder).catch(async (error: NodeJS.ErrnoException) => {
      // Another process renamed its copy first: keep that one.
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

async function fontListsIn(folder: string): Promise<string[]> {
  try {
    const names = await readdir(folder);
    if (!names.includes("matplotlibrc") || !names.includes("python")) return [];
    return names.filter((name) => /^fontlist-v\d+\.json$/.test(name));
  } catch {
    return [];
  }
}

/**
 * The cache root, created if missing, only if it is ours: a directory (not a link) owned by this
 * process's user that nobody else may write. Anything else there (another user's folder in a shared
 * /var/tmp) could plant a font cache, so a private temporary folder is used instead.
 */
async function ownFolder(root: string): Promise<string> {
  await mkdir(root, { recursive: true, mode: 0o755 }).catch(() => undefined);
  try {
    const stats = await lstat(root);
    const uid = process.getuid?.();
    if (stats.isDirectory() && (uid === undefined || stats.uid === uid) && (stats.mode & 0o022) === 0)
      return root;
  } catch {
    // Not creatable here: fall through.
  }
  const fallback = await mkdtemp(path.join(path.dirname(root), `${path.basename(root)}-`));
  await chmod(fallback, 0o755);
  return fallback;
}

async function exists(target: string): Promise<boolean> {
  try {
    await access(target);
    return true;
  } catch {
    return false;
  }
}

/**
 * /var/tmp rather than /tmp: when the sandbox needs the staging namespace (bot as root, interpreter
 * under /root), that namespace has a private /tmp, and the cache must be visible from it.
 */
function defaultCacheRoot(): string {
  return path.join("/var/tmp", `quizbot-matplotlib-${process.getuid?.() ?? os.userInfo().uid}`);
}
