import { codeReviewCommands } from "./code-review/commands.js";
import { type CommandDeclaration, handlerKeys } from "./command-declaration.js";
import { dailyCommands } from "./daily/commands.js";
import { dashboardCommands } from "./dashboard/commands.js";
import { groupCommands } from "./groups/commands.js";
import { helpCommands } from "./help-feature.js";
import { leaderboardCommands } from "./leaderboards/commands.js";
import { reviewCommands } from "./reviews/commands.js";
import { roundsCommands } from "./rounds/commands.js";

/**
 * Every feature's command declarations, in the order the platforms list them (Discord's registration,
 * `/help`). A feature's share of a command it shares with another (`/quiz`) joins the earlier one's.
 */
export const declaredCommands: readonly CommandDeclaration[] = joinShares([
  ...roundsCommands,
  ...dailyCommands,
  ...reviewCommands,
  ...leaderboardCommands,
  ...groupCommands,
  ...dashboardCommands,
  ...codeReviewCommands,
  ...helpCommands,
]);

function joinShares(shares: readonly CommandDeclaration[]): CommandDeclaration[] {
  const joined: CommandDeclaration[] = [];
  for (const share of shares) {
    const index = joined.findIndex((command) => command.name === share.name);
    const earlier = joined[index];
    if (!earlier) {
      joined.push(share);
      continue;
    }
    joined[index] = {
      ...earlier,
      ...share,
      options: [...earlier.options, ...share.options],
      subcommands: [...earlier.subcommands, ...share.subcommands],
    };
  }
  return joined;
}

/**
 * The features a bot is built from answer exactly the catalogue the platforms show: no command a member
 * sees is left without a handler, and no handled command is missing from the platforms. Thrown at build
 * time, as a wiring bug.
 */
export function checkCatalogue(
  features: readonly { readonly name: string; readonly declares?: readonly CommandDeclaration[] }[],
  catalogue: readonly CommandDeclaration[] = declaredCommands,
): void {
  const listed = new Set(catalogue.flatMap(handlerKeys));
  const declared = new Set(features.flatMap((feature) => (feature.declares ?? []).flatMap(handlerKeys)));
  const missing = [...listed].filter((key) => !declared.has(key));
  const unlisted = [...declared].filter((key) => !listed.has(key));
  if (missing.length > 0 || unlisted.length > 0) {
    throw new Error(
      [
        ...missing.map((key) => `"${key}" is in the catalogue but no feature declares it`),
        ...unlisted.map((key) => `"${key}" is declared but not in app/command-catalogue.ts`),
      ].join("; "),
    );
  }
}
