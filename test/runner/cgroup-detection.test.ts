import { describe, expect, it } from "vitest";
import {
  cgroup2Mount,
  cgroupDirectory,
  detectDelegatedCgroup,
  unifiedCgroupPath,
} from "../../src/runner/bwrap/sandbox-cgroups.js";

// Literal /proc text as three kinds of host write it.
const systemdService = "0::/system.slice/quizbot.service\n";
const hybridHost = "9:name=systemd:/\n4:memory:/process_api/704ccd6a\n1:cpu:/\n0::/\n";
const cgroupV1Only = "12:pids:/user.slice\n4:memory:/user.slice\n";
const unifiedMount =
  "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";
const hybridMounts = [
  "25 24 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755",
  "31 25 0:27 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,memory",
  "26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw",
].join("\n");

describe("GIVEN how a host shows its cgroups in /proc", () => {
  it("WHEN the process is in a cgroup v2 THEN its path is the 0:: line's", () => {
    expect(unifiedCgroupPath(systemdService)).toBe("/system.slice/quizbot.service");
    expect(unifiedCgroupPath(hybridHost)).toBe("/");
    expect(unifiedCgroupPath(cgroupV1Only)).toBeUndefined();
  });

  it("WHEN cgroup2 is mounted THEN its mount point is found, also beside cgroup v1 mounts", () => {
    expect(cgroup2Mount(unifiedMount)).toEqual({ mountPoint: "/sys/fs/cgroup", root: "/" });
    expect(cgroup2Mount(hybridMounts)).toEqual({ mountPoint: "/sys/fs/cgroup/unified", root: "/" });
    expect(cgroup2Mount(hybridMounts.split("\n").slice(0, 2).join("\n"))).toBeUndefined();
    expect(cgroup2Mount("41 35 0:31 / /mnt/my\\040cgroups rw - cgroup2 cgroup2 rw")?.mountPoint).toBe(
      "/mnt/my cgroups",
    );
  });

  it("WHEN the cgroup's directory is worked out THEN it is under the mount, or unknown when the mount does not show it", () => {
    expect(
      cgroupDirectory({ mountPoint: "/sys/fs/cgroup", root: "/" }, "/system.slice/quizbot.service"),
    ).toBe("/sys/fs/cgroup/system.slice/quizbot.service");
    expect(cgroupDirectory({ mountPoint: "/sys/fs/cgroup", root: "/docker/abc" }, "/docker/abc/bot")).toBe(
      "/sys/fs/cgroup/bot",
    );
    expect(cgroupDirectory({ mountPoint: "/sys/fs/cgroup", root: "/docker/abc" }, "/other")).toBeUndefined();
    // A container with its own cgroup namespace sees its cgroup as "/" at the mount's root.
    expect(cgroupDirectory({ mountPoint: "/sys/fs/cgroup", root: "/" }, "/")).toBe("/sys/fs/cgroup");
  });
});

describe("GIVEN this host", () => {
  it("WHEN the runner looks for a delegated cgroup THEN it finds one or says exactly why not", () => {
    const support = detectDelegatedCgroup();
    if (support.available) {
      expect(support.directory).toMatch(/^\//);
    } else {
      console.info(`no delegated cgroup here: ${support.reason}`);
      expect(support.reason).toMatch(/cgroup|controller|writable/);
    }
  });
});
