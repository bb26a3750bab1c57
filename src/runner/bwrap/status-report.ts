/**
 * bwrap writes `{ "child-pid": N }` on its status fd when it creates the sandbox, before the program
 * exists; anything later on that pipe could come from the snippet and is ignored.
 */
export function readSandboxPid(text: string): number | undefined {
  const end = text.indexOf("}");
  if (end < 0) return undefined;
  try {
    const report: unknown = JSON.parse(text.slice(0, end + 1));
    const pid = (report as { "child-pid"?: unknown })["child-pid"];
    return typeof pid === "number" && Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}
