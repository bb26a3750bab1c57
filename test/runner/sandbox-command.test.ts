import { describe, expect, it } from "vitest";
import { bindsFor } from "../../src/runner/bwrap/interpreter-probe.js";
import { keyringFilter } from "../../src/runner/bwrap/keyring-filter.js";
import {
  bwrapCommand,
  type SandboxLayout,
  sandboxCommand,
  seccompFd,
  stagingCommand,
  zygoteArguments,
} from "../../src/runner/bwrap/sandbox-command.js";
import { parseRunLimits } from "../../src/runner/limits.js";

const layout: SandboxLayout = {
  bwrap: "/usr/bin/bwrap",
  interpreter: {
    executable: "/root/.pyenv/versions/3.11.7/bin/python3.11",
    binds: ["/root/.pyenv/versions/3.11.7"],
    version: "3.11.7",
    freeThreaded: false,
  },
  systemEntries: [{ path: "/lib", symlinkTo: "usr/lib" }],
  scratchBytes: 16 * 1024 * 1024,
  marker: "quizbot-sandbox",
  supports: { disableUserns: true, tmpfsSize: true },
};

/** The arguments of the innermost bwrap, whatever wraps it. */
function innerArguments(args: readonly string[]): string[] {
  const start = args.lastIndexOf("/usr/bin/bwrap");
  return [...args.slice(start + 1)];
}

describe("GIVEN the bwrap command line", () => {
  it("WHEN the bot is not root THEN bwrap isolates everything and binds only /usr and the interpreter", () => {
    const command = sandboxCommand(layout, parseRunLimits(), "pass");
    expect(command.file).toBe("/usr/bin/bwrap");
    const args = command.args.join(" ");
    for (const flag of [
      "--unshare-all",
      "--unshare-user",
      "--disable-userns",
      "--cap-drop ALL",
      "--die-with-parent",
      "--new-session",
      "--clearenv",
      "--remount-ro /",
    ]) {
      expect(args).toContain(flag);
    }
    expect(args).not.toContain("--share-net");
    const binds = command.args.flatMap((arg, index) =>
      arg === "--ro-bind" || arg === "--bind" || arg === "--dev-bind" ? [command.args[index + 1]] : [],
    );
    expect(binds).toEqual(["/usr", "/root/.pyenv/versions/3.11.7"]);
    expect(args).not.toMatch(/\/etc|\/home/);
  });

  it("WHEN the bot is root THEN bwrap is spawned as the unprivileged user", () => {
    const command = sandboxCommand({ ...layout, drop: { uid: 65534, gid: 65534 } }, parseRunLimits(), "pass");
    expect(command.file).toBe("/usr/bin/bwrap");
    expect(command.user).toEqual({ uid: 65534, gid: 65534 });
    expect(command.args[0]).toBe("--unshare-all");
  });

  it("WHEN the interpreter lives where that user cannot reach THEN sandboxes start in a namespace that stages it read-only", () => {
    const staged = {
      ...layout,
      drop: {
        uid: 65534,
        gid: 65534,
        staging: { nsenter: "/usr/bin/nsenter", sleep: "/usr/bin/sleep" },
      },
    };
    expect(stagingCommand(staged).args).toEqual([
      "--die-with-parent",
      "--dev-bind",
      "/",
      "/",
      "--tmpfs",
      "/tmp",
      "--ro-bind",
      "/root/.pyenv/versions/3.11.7",
      "/tmp/quizbot-sandbox-bind-0",
      "--json-status-fd",
      "3",
      "--",
      "/usr/bin/sleep",
      "infinity",
    ]);
    const command = sandboxCommand(staged, parseRunLimits(), "pass", "/proc/42/ns/mnt");
    // nsenter enters the namespace as root, drops to the user and execs in place: the bot stays
    // the unprivileged bwrap's parent.
    expect([command.file, ...command.args.slice(0, 5)]).toEqual([
      "/usr/bin/nsenter",
      "--mount=/proc/42/ns/mnt",
      "--setuid=65534",
      "--setgid=65534",
      "--",
      "/usr/bin/bwrap",
    ]);
    expect(command.user).toBeUndefined();
    expect(innerArguments(command.args).join(" ")).toContain(
      "--ro-bind /tmp/quizbot-sandbox-bind-0 /root/.pyenv/versions/3.11.7",
    );
    expect(() => sandboxCommand(staged, parseRunLimits(), "pass")).toThrow();
  });

  it("WHEN the limits are set THEN the bootstrap receives CPU seconds, memory, processes and file size", () => {
    const command = sandboxCommand(
      layout,
      parseRunLimits({ cpuSeconds: 3, memoryBytes: 64 * 1024 * 1024, maxProcesses: 8 }),
      "pass",
    );
    expect(command.args.slice(-7)).toEqual([
      "pass",
      "quizbot-sandbox",
      "3",
      String(64 * 1024 * 1024),
      "8",
      String(16 * 1024 * 1024),
      "",
    ]);
  });

  it("WHEN the interpreter has packages and plots THEN the bootstrap gets its site-packages and the host files are bound read-only after the scratch folders, with their variables", () => {
    const extras = {
      pythonPath: ["/usr/lib/python3/dist-packages", "/opt/quizbot/python", "/odd:folder"],
      binds: [
        { source: "/var/tmp/cache/fontlist-v330.json", target: "/tmp/matplotlib/fontlist-v330.json" },
        { source: "/etc/alternatives", target: "/etc/alternatives" },
      ],
      environment: [["MPLCONFIGDIR", "/tmp/matplotlib"]] as const,
    };
    const args = sandboxCommand({ ...layout, extras }, parseRunLimits(), "pass").args;
    expect(args.at(-1)).toBe("/usr/lib/python3/dist-packages:/opt/quizbot/python");
    const joined = args.join(" ");
    expect(joined).toContain(
      "--ro-bind /var/tmp/cache/fontlist-v330.json /tmp/matplotlib/fontlist-v330.json --ro-bind /etc/alternatives /etc/alternatives --remount-ro /",
    );
    expect(joined.indexOf("--tmpfs /tmp")).toBeLessThan(joined.indexOf("/tmp/matplotlib/fontlist"));
    expect(joined).toContain("--setenv MPLCONFIGDIR /tmp/matplotlib");
  });

  it("WHEN the layout has a keyring filter THEN a run's bwrap reads it on its fd, however it is started, and the zygote's does not", () => {
    const filter = keyringFilter("x86_64");
    expect(filter?.byteLength).toBe(10 * 8);
    const filtered: SandboxLayout = { ...layout, ...(filter ? { keyringFilter: filter } : {}) };
    const staged = {
      ...filtered,
      drop: { uid: 65534, gid: 65534, staging: { nsenter: "/usr/bin/nsenter", sleep: "/usr/bin/sleep" } },
    };
    for (const command of [
      bwrapCommand(filtered, parseRunLimits(), "pass"),
      sandboxCommand(filtered, parseRunLimits(), "pass"),
      sandboxCommand(staged, parseRunLimits(), "pass", "/proc/42/ns/mnt"),
    ]) {
      expect(command.seccomp).toBe(filter);
      const inner = innerArguments([command.file, ...command.args]);
      expect(inner.slice(0, inner.indexOf("--")).join(" ")).toContain(`--seccomp ${seccompFd}`);
    }
    expect(zygoteArguments(filtered, parseRunLimits(), "pass")).not.toContain("--seccomp");
    const unfiltered = bwrapCommand(layout, parseRunLimits(), "pass");
    expect(unfiltered.seccomp).toBeUndefined();
    expect(unfiltered.args).not.toContain("--seccomp");
  });

  it("WHEN the architecture is x86_64 or aarch64 THEN the filter checks its own audit number and refuses its three keyring calls; elsewhere there is none", () => {
    // struct sock_filter, little-endian here: code, jt, jf, then k at byte 4.
    const constants = (filter: Buffer | undefined) =>
      Array.from({ length: (filter?.byteLength ?? 0) / 8 }, (_, index) =>
        filter?.readUInt32LE(index * 8 + 4),
      );
    expect(constants(keyringFilter("x86_64"))).toEqual([
      4, 0xc000003e, 0x50026, 0, 0x40000000, 248, 249, 250, 0x7fff0000, 0x50026,
    ]);
    expect(constants(keyringFilter("aarch64"))).toEqual([
      4, 0xc00000b7, 0x50026, 0, 0x40000000, 217, 218, 219, 0x7fff0000, 0x50026,
    ]);
    expect(keyringFilter("riscv64")).toBeUndefined();
  });

  it("WHEN prefixes overlap or live under /usr THEN only the outermost non-/usr ones are bound", () => {
    expect(bindsFor(["/usr", "/usr", "/opt/venv", "/opt/venv/lib", "/root/.pyenv/versions/3.11.7"])).toEqual([
      "/opt/venv",
      "/root/.pyenv/versions/3.11.7",
    ]);
  });
});
