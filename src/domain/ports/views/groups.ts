import type { GroupNameProblem } from "../../leaderboards/group-name.js";
import type { GroupSummary } from "../leaderboard-store.js";

/** What became of a `/group` command (or a `/leaderboard` naming a group): a confirmation or a refusal. */
export type GroupOutcome =
  | { readonly code: "created"; readonly name: string; readonly by: string }
  | { readonly code: "joined" | "left" | "removed"; readonly name: string }
  | { readonly code: "renamed"; readonly from: string; readonly to: string }
  | { readonly code: "freezes"; readonly name: string; readonly on: boolean }
  | { readonly code: "duplicate_name" | "unknown_group" | "already_member"; readonly name: string }
  | { readonly code: "not_member" | "not_owner"; readonly name: string }
  | { readonly code: "invalid_name"; readonly name: string; readonly problem: GroupNameProblem };

export interface GroupOutcomeView {
  readonly kind: "group_outcome";
  readonly outcome: GroupOutcome;
}

export interface GroupListView {
  readonly kind: "group_list";
  readonly groups: readonly GroupSummary[];
}
