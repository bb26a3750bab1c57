import { err, ok, type Result } from "../result.js";

export type GroupNameProblem = "too_short" | "too_long" | "invalid_characters" | "reserved";

export const groupNameLength = { min: 2, max: 32 } as const;

/** Words `/leaderboard` reads as the whole server or workspace, so no group may be called that. */
export const workspaceWords: readonly string[] = ["server", "workspace"];

export interface GroupName {
  /** As shown: trimmed, inner runs of spaces collapsed. */
  readonly name: string;
  /** Unique per server/workspace: the name lower-cased, so "Async Club" and "async club" collide. */
  readonly key: string;
}

// Letters and digits of any script, spaces, - and _. Everything else is refused rather than escaped:
// it keeps out mentions (<@123>, @here), markdown and Slack's <!channel> in every place a name appears.
const allowed = /^[\p{L}\p{N} _-]+$/u;

/** Checks a group name typed by a member. */
export function parseGroupName(raw: string): Result<GroupName, GroupNameProblem> {
  const name = raw.trim().replace(/\s+/g, " ");
  const length = [...name].length;
  if (length < groupNameLength.min) return err("too_short");
  if (length > groupNameLength.max) return err("too_long");
  if (!allowed.test(name)) return err("invalid_characters");
  const key = groupNameKey(name);
  if (workspaceWords.includes(key)) return err("reserved");
  return ok({ name, key });
}

export function groupNameKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLocaleLowerCase("en-US");
}
