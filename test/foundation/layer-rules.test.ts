import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";

/*
 * Which folder of src/ may import which, checked over the whole import graph (as domain-driven-hexagon
 * checks every layer with dependency-cruiser):
 *
 *   domain  <-  app  <-  adapters (platforms, storage, runner, packs, review, fitting, jobs, pictures, metrics,
 *                                  dashboard)  <-  composition
 *
 * An arrow points from what is imported to what may import it. Composition (bot.ts, main.ts, cli/,
 * config.ts, health.ts, log-text.ts) may import anything. `logger.ts` is the one shared piece below it:
 * the logging port's type and its pino implementation, used by app and adapters alike. An adapter may read
 * the configuration's shape (`import type` from config.ts), never its code. An adapter never imports
 * another adapter: what two adapters share lives in the domain or is wired in the composition root.
 */

type Layer = "domain" | "app" | "adapter" | "kernel" | "composition";

const adapters = [
  "platforms",
  "storage",
  "runner",
  "packs",
  "review",
  "fitting",
  "jobs",
  "pictures",
  "metrics",
  "dashboard",
];
const kernel = ["logger.ts"];

/** The SDKs and drivers, each allowed only in its own adapter folder (and composition). */
const sdkHomes: readonly { readonly packages: readonly string[]; readonly homes: readonly string[] }[] = [
  { packages: ["discord.js", "@discordjs/"], homes: ["platforms/discord"] },
  { packages: ["@slack/"], homes: ["platforms/slack"] },
  { packages: ["drizzle-orm", "postgres", "@electric-sql/pglite"], homes: ["storage"] },
  { packages: ["node-cron"], homes: ["jobs"] },
  { packages: ["@napi-rs/canvas"], homes: ["pictures"] },
  { packages: ["prom-client"], homes: ["metrics"] },
  // Two HTTP servers, each its own adapter: the runner service and the organiser's dashboard.
  { packages: ["fastify", "@fastify/"], homes: ["runner/service", "dashboard"] },
];

/** `src/`-relative path to its layer and, for adapters, its folder. */
function layerOf(relative: string): { layer: Layer; unit: string } {
  const [top = ""] = relative.split("/");
  if (top === "domain") return { layer: "domain", unit: top };
  if (top === "app") return { layer: "app", unit: top };
  if (adapters.includes(top)) return { layer: "adapter", unit: top };
  if (kernel.includes(relative)) return { layer: "kernel", unit: relative };
  return { layer: "composition", unit: top };
}

interface Import {
  readonly target: string;
  readonly typeOnly: boolean;
}

function importsOf(source: string): Import[] {
  const found: Import[] = [];
  const pattern =
    /(import|export)\s+(type\s+)?[^"';]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm;
  for (const match of source.matchAll(pattern)) {
    const target = match[3] ?? match[4] ?? match[5];
    if (target) found.push({ target, typeOnly: Boolean(match[2]) });
  }
  return found;
}

/** The rule an import of `file` (src/-relative) breaks, or undefined. */
function offence(file: string, imported: Import): string | undefined {
  const from = layerOf(file);
  if (!imported.target.startsWith(".")) {
    const sdk = sdkHomes.find(({ packages }) =>
      packages.some((name) => imported.target === name || imported.target.startsWith(name)),
    );
    const allowed =
      !sdk ||
      from.layer === "composition" ||
      sdk.homes.some((home) => file.startsWith(`${home}/`) || file === home);
    return allowed
      ? undefined
      : `${file} imports ${imported.target}, which belongs in ${sdk?.homes.join("/ or ")}/`;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), imported.target));
  if (target.startsWith("..")) return undefined;
  const to = layerOf(target);
  const says = `${file} (${from.layer}) imports ${target} (${to.layer})`;
  switch (from.layer) {
    case "domain":
      return to.layer === "domain" ? undefined : `${says}: the domain imports only itself`;
    case "app":
      return ["domain", "app", "kernel"].includes(to.layer) ? undefined : `${says}: app sees only the domain`;
    case "adapter":
      if (["domain", "app", "kernel"].includes(to.layer)) return undefined;
      if (to.layer === "adapter" && to.unit === from.unit) return undefined;
      if (target === "config.ts" && imported.typeOnly) return undefined;
      return `${says}: an adapter sees the domain and app, never another adapter or the composition`;
    case "kernel":
      return to.layer === "domain" || to.layer === "kernel" ? undefined : `${says}: the kernel is below app`;
    case "composition":
      return undefined;
  }
}

/** Every offence in `text`, the source of `file` (src/-relative, `.js` specifiers as TypeScript writes them). */
function offencesIn(file: string, text: string): string[] {
  return importsOf(text)
    .map((imported) =>
      imported.target.startsWith(".")
        ? { ...imported, target: imported.target.replace(/\.js$/, ".ts") }
        : imported,
    )
    .map((imported) => offence(file, imported))
    .filter((found): found is string => found !== undefined);
}

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("the layer rules over src/'s import graph", () => {
  it("GIVEN every file in src/ THEN each import follows domain <- app <- adapters <- composition", async () => {
    const src = path.join(repoRoot, "src");
    const offences: string[] = [];
    for (const file of await sourceFiles(src)) {
      const relative = path.relative(src, file).split(path.sep).join("/");
      offences.push(...offencesIn(relative, await readFile(file, "utf8")));
    }
    expect(offences).toEqual([]);
  });

  // Probes: one file per rule that breaks it, to show the check can fail. They are checked as text at
  // a path they would have, so no probe file is ever written into src/ (other tests read that tree).
  const probes: readonly { readonly rule: string; readonly file: string; readonly text: string }[] = [
    {
      rule: "domain imports app",
      file: "domain/rounds/probe.ts",
      text: 'import { x } from "../../app/x.js";',
    },
    {
      rule: "domain imports the kernel",
      file: "domain/probe.ts",
      text: 'import type { Logger } from "../logger.js";',
    },
    {
      rule: "app imports storage",
      file: "app/rounds/probe.ts",
      text: 'import { a } from "../../storage/a.js";',
    },
    {
      rule: "app imports platforms",
      file: "app/probe.ts",
      text: 'import { b } from "../platforms/shared/b.js";',
    },
    {
      rule: "app imports composition",
      file: "app/rounds/probe.ts",
      text: 'import { c } from "../../config.js";',
    },
    { rule: "app imports a driver", file: "app/probe.ts", text: 'import { sql } from "drizzle-orm";' },
    {
      rule: "an adapter imports another",
      file: "platforms/probe.ts",
      text: 'export { d } from "../storage/d.js";',
    },
    {
      rule: "an adapter imports composition",
      file: "runner/probe.ts",
      text: 'import { e } from "../bot.js";',
    },
    {
      rule: "an adapter reads config's code",
      file: "runner/probe.ts",
      text: 'import { f } from "../config.js";',
    },
    {
      rule: "a platform SDK elsewhere",
      file: "platforms/slack/probe.ts",
      text: 'import { Client } from "discord.js";',
    },
    {
      rule: "a dynamic import across",
      file: "storage/probe.ts",
      text: 'const m = await import("../runner/m.js");',
    },
    {
      rule: "a feature's commands take their words from the platforms",
      file: "app/rounds/commands.ts",
      text: 'import { commandWords } from "../../platforms/shared/wording/command-words.js";',
    },
    {
      rule: "app escapes mentions for a platform",
      file: "app/code-review/run-views.ts",
      text: 'import { neutraliseForChat } from "../../platforms/shared/neutralise-for-chat.js";',
    },
    {
      rule: "app renders a form",
      file: "app/code-review/handlers/run-command.ts",
      text: 'import { presentForm } from "../../../platforms/shared/wording/forms.js";',
    },
    {
      rule: "app imports node-cron",
      file: "app/daily/probe.ts",
      text: 'import { validate } from "node-cron";',
    },
    {
      rule: "app imports the job clock adapter",
      file: "app/reviews/probe.ts",
      text: 'import { NodeCronClock } from "../../jobs/node-cron-clock.js";',
    },
    {
      rule: "a job adapter imports storage",
      file: "jobs/probe.ts",
      text: 'import { DrizzleJobClaims } from "../storage/jobs/drizzle-job-claims.js";',
    },
    {
      rule: "the dashboard imports storage",
      file: "dashboard/probe.ts",
      text: 'import { DrizzleDashboardStore } from "../storage/dashboard/drizzle-dashboard-store.js";',
    },
    {
      rule: "fastify outside its homes",
      file: "platforms/slack/probe.ts",
      text: 'import Fastify from "fastify";',
    },
    {
      rule: "app imports the dashboard adapter",
      file: "app/dashboard/probe.ts",
      text: 'import { SignedDashboardLinks } from "../../dashboard/link-token.js";',
    },
    { rule: "the kernel imports app", file: "logger.ts", text: 'import { g } from "./app/g.js";' },
  ];
  for (const probe of probes) {
    it(`GIVEN a probe where ${probe.rule} THEN the check names it`, () => {
      expect(offencesIn(probe.file, probe.text)).toHaveLength(1);
    });
  }

  // Every SDK home has its probe, made from the list itself, so a home added later is probed too: the
  // SDK imported from app (a layer that may import nothing outside) and from another adapter's folder.
  for (const { packages, homes } of sdkHomes) {
    for (const name of packages) {
      const specifier = name.endsWith("/") ? `${name}probe` : name;
      const elsewhere = homes.some((home) => home.startsWith("platforms"))
        ? "storage/probe.ts"
        : "platforms/probe.ts";
      const named = `${homes.join("/ or ")}/`;
      it(`GIVEN ${specifier} imported from app or from ${elsewhere} THEN the check names its home, ${named}`, () => {
        for (const file of ["app/probe.ts", elsewhere]) {
          expect(offencesIn(file, `import { x } from "${specifier}";`), file).toEqual([
            `${file} imports ${specifier}, which belongs in ${named}`,
          ]);
        }
        for (const home of homes) {
          expect(offencesIn(`${home}/probe.ts`, `import { x } from "${specifier}";`), home).toEqual([]);
        }
      });
    }
  }

  it("GIVEN the allowed directions THEN the check is silent", () => {
    const allowed = [
      ["app/rounds/a.ts", 'import type { Clock } from "../../domain/ports/clock.js";'],
      ["app/rounds/a.ts", 'import type { Logger } from "../../logger.js";'],
      ["storage/rounds/a.ts", 'import { sql } from "drizzle-orm";\nimport { b } from "../answers/b.js";'],
      ["platforms/discord/a.ts", 'import { Client } from "discord.js";\nimport { c } from "../shared/c.js";'],
      ["runner/a.ts", 'import type { Environment } from "../config.js";'],
      ["bot.ts", 'import { d } from "./storage/rounds/index.js";\nimport { e } from "./platforms/x.js";'],
      ["cli/commands/a.ts", 'import { f } from "../../runner/f.js";'],
      [
        "dashboard/a.ts",
        'import Fastify from "fastify";\nimport type { DashboardStore } from "../domain/ports/dashboard-store.js";',
      ],
      ["runner/service/a.ts", 'import Fastify from "fastify";'],
      [
        "jobs/a.ts",
        'import { createTask } from "node-cron";\nimport type { JobClock } from "../domain/ports/job-clock.js";',
      ],
    ] as const;
    for (const [file, text] of allowed) expect(offencesIn(file, text), file).toEqual([]);
  });
});
