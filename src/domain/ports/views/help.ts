/** The command list itself lives with the adapters (src/platforms/shared/commands.ts), which render it. */
export interface HelpView {
  readonly kind: "help";
}
