import { type Period, periods } from "../../domain/leaderboards/periods.js";
import { type Metric, metrics } from "../../domain/leaderboards/ranking.js";

/**
 * The "Share in channel" button under a private board. Its id carries the board's question, so the press
 * shows the same board (as of the press) publicly without any state kept between the two:
 *
 *   lb:share:<askerId>:<period>:<metric>:c             this channel's board (askerId URI-encoded: a console
 *                                                      name may hold a colon)
 *   lb:share:<askerId>:<period>:<metric>:w             the whole server's or workspace's
 *   lb:share:<askerId>:<period>:<metric>:n:<groupKey>  a named group (letters, digits, space, - and _:
 *                                                      never a colon, see domain/leaderboards/group-name)
 *
 * The id is untrusted: only the member who asked may share (a private message's button can still reach
 * the bot from elsewhere: a forged payload, a console member pressing another's note), and every part is
 * checked here; the group is looked up again when pressed.
 */
export type BoardScope =
  | { readonly kind: "channel" }
  | { readonly kind: "workspace" }
  | { readonly kind: "named"; readonly key: string };

export interface ShareRequest {
  readonly askerId: string;
  readonly period: Period;
  readonly metric: Metric;
  readonly scope: BoardScope;
}

export const shareActionPrefix = "lb";

export function shareAction(request: ShareRequest): string {
  const scope =
    request.scope.kind === "named" ? `n:${request.scope.key}` : request.scope.kind === "channel" ? "c" : "w";
  return `${shareActionPrefix}:share:${encodeURIComponent(request.askerId)}:${request.period}:${request.metric}:${scope}`;
}

/** The parts of a pressed id split at ":" (as the router hands them), or `undefined` for anything else. */
export function parseShareAction(parts: readonly string[]): ShareRequest | undefined {
  const [prefix, verb, askerText, periodText, metricText, scopeText, key] = parts;
  if (prefix !== shareActionPrefix || verb !== "share" || !askerText) return undefined;
  const askerId = decoded(askerText);
  if (askerId === undefined) return undefined;
  const period = periods.find((candidate) => candidate === periodText);
  const metric = metrics.find((candidate) => candidate === metricText);
  if (!period || !metric) return undefined;
  if (scopeText === "c" && parts.length === 6) return { askerId, period, metric, scope: { kind: "channel" } };
  if (scopeText === "w" && parts.length === 6)
    return { askerId, period, metric, scope: { kind: "workspace" } };
  if (scopeText === "n" && parts.length === 7 && key && /^[\p{L}\p{N} _-]+$/u.test(key)) {
    return { askerId, period, metric, scope: { kind: "named", key } };
  }
  return undefined;
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
