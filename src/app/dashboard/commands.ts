import type { CommandDeclaration } from "../command-declaration.js";

/** `/dashboard`: a private link to the organiser's dashboard (or the member's own page). */
export const dashboardCommands: readonly CommandDeclaration[] = [
  { name: "dashboard", options: [], subcommands: [] },
];
