import { type APIApplicationCommand, REST, Routes } from "discord.js";
import { buildDiscordCommands } from "./command-json.js";

export interface RegisterOptions {
  readonly token: string;
  readonly applicationId: string;
  /** Register to one server (instant, for development) instead of globally (may take up to an hour to show). */
  readonly guildId?: string;
  /** REST base URL (DISCORD_API_URL); Discord's own when absent. */
  readonly apiUrl?: string;
}

export interface RegisteredCommand {
  readonly id: string;
  readonly name: string;
  readonly type: number;
}

/**
 * Replaces the application's commands with the ones built from the shared definitions, in one bulk
 * overwrite (https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands):
 * commands that were removed from the definitions disappear from Discord too.
 */
export async function registerCommands(options: RegisterOptions): Promise<RegisteredCommand[]> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const created = (await rest.put(route, { body: buildDiscordCommands() })) as APIApplicationCommand[];
  return created.map((command) => ({ id: command.id, name: command.name, type: command.type }));
}
