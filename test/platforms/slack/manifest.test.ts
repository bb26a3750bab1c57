import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { commandDefinitions, runReviewMessageCommand } from "../../../src/platforms/shared/commands.js";
import { runReviewCallbackId, slashCommandFor } from "../../../src/platforms/slack/slash-commands.js";
import { repoRoot } from "../../support/paths.js";

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean };
    slash_commands: { command: string; description: string; usage_hint?: string }[];
    shortcuts: { name: string; type: string; callback_id: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(await readFile(path.join(repoRoot, "slack-app-manifest.yaml"), "utf8")) as Manifest;

describe("slack-app-manifest.yaml", () => {
  it("GIVEN the shared command definitions THEN every command is registered, with /quizhelp for help", () => {
    const registered = manifest.features.slash_commands.map((command) => command.command).sort();
    expect(registered).toEqual(commandDefinitions.map(slashCommandFor).sort());
    expect(registered).toContain("/quizhelp");
    expect(registered).not.toContain("/help");
  });

  it("GIVEN a command THEN its manifest description is the shared one, within Slack's limits", () => {
    for (const definition of commandDefinitions) {
      const entry = manifest.features.slash_commands.find(
        (command) => command.command === slashCommandFor(definition),
      );
      expect(entry?.description).toBe(definition.description);
      expect((entry?.usage_hint ?? "").length).toBeLessThanOrEqual(1000);
    }
  });

  it("GIVEN the Run & review action THEN it is a message shortcut with the callback id the adapter listens for", () => {
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({
        name: runReviewMessageCommand.name,
        type: "message",
        callback_id: runReviewCallbackId,
      }),
    ]);
  });

  it("GIVEN what the adapter uses THEN exactly those scopes and events are requested", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        "commands",
        "chat:write",
        "chat:write.public",
        "users:read",
        "im:write",
        "files:write",
        "channels:history",
        "groups:history",
        "channels:read",
        "groups:read",
      ].sort(),
    );
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      ["app_home_opened", "message.channels", "message.groups"].sort(),
    );
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
