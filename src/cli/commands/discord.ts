import { loadConfig } from "../../config.js";
import { scrubText } from "../../logger.js";
import { type CliCommand, UsageError } from "../command.js";

/** `quizbot discord register [--guild ID]`: publish the slash commands and print the invite link. */
export const discordCommand: CliCommand = {
  name: "discord",
  summary: "Discord set-up: register the slash commands and print the invite URL",
  usage: "register [--guild ID]",
  help: {
    guild: "register to this server only (shows at once; default DISCORD_GUILD_ID, else global)",
    global: "register globally even when DISCORD_GUILD_ID is set (can take up to an hour to appear)",
  },
  options: { guild: { type: "string" }, global: { type: "boolean" } },
  allowPositionals: true,
  async run(context) {
    const [action, ...extra] = context.positionals;
    if (action !== "register" || extra.length > 0) throw new UsageError('expected "register"');
    const { env, secrets } = loadConfig(context.env);
    if (!env.DISCORD_TOKEN || !env.DISCORD_APPLICATION_ID) {
      throw new UsageError("set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see docs/discord.md)");
    }
    const guildOption = context.values.guild;
    const guildId =
      typeof guildOption === "string"
        ? guildOption
        : context.values.global
          ? undefined
          : env.DISCORD_GUILD_ID;
    if (guildId !== undefined && !/^\d{5,25}$/.test(guildId))
      throw new UsageError("--guild: expected a numeric id");
    // Imported here, not at the top: every `quizbot` command loads this file, and discord.js is large.
    const { botPermissions, inviteUrl } = await import("../../platforms/discord/invite-url.js");
    const { registerCommands } = await import("../../platforms/discord/register-commands.js");
    try {
      const registered = await registerCommands({
        token: env.DISCORD_TOKEN,
        applicationId: env.DISCORD_APPLICATION_ID,
        ...(guildId ? { guildId } : {}),
        ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}),
      });
      const where = guildId ? `to server ${guildId}` : "globally (may take up to an hour to appear)";
      const names = registered.map((command) => (command.type === 1 ? `/${command.name}` : command.name));
      context.stdout.write(`Registered ${registered.length} commands ${where}: ${names.join(", ")}\n\n`);
      context.stdout.write(
        `Invite the bot with:\n  ${inviteUrl(env.DISCORD_APPLICATION_ID)}\n\nPermissions asked for:\n`,
      );
      for (const permission of botPermissions)
        context.stdout.write(`  ${permission.name}: ${permission.why}\n`);
      return 0;
    } catch (error) {
      context.stderr.write(
        `quizbot discord: registering failed: ${scrubText(error instanceof Error ? error.message : String(error), secrets)}\n`,
      );
      return 1;
    }
  },
};
