import type { Exploration } from "../../explore/exploration.js";
import type { RunSummary } from "./snippets.js";

/**
 * "Explore interleavings" (or `/explore`, or Replay) on a snippet: what the explorer found. The texts
 * that came from the sandbox (outputs, code lines, values) the platforms neutralise as they present it.
 */
export interface SnippetExplorationView {
  readonly kind: "snippet_exploration";
  readonly runId: number;
  readonly authorName: string;
  readonly requestedBy: string;
  /** null when the exploration brought no report; `failed` then says how its sandbox ended. */
  readonly exploration: Exploration | null;
  readonly failed?: RunSummary;
  /** Reruns the shrunk breaking schedule exactly (absent when there is none, or it is too long for a button). */
  readonly replayActionId?: string;
  readonly exploreActionId: string;
  readonly againActionId: string;
}
