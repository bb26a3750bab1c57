import { describe, expect, it } from "vitest";
import { checkCatalogue, declaredCommands } from "../../src/app/command-catalogue.js";
import type { CommandDeclaration } from "../../src/app/command-declaration.js";
import type { Feature } from "../../src/app/feature.js";
import { routingTable } from "../../src/app/routing/routing-table.js";
import { commandDefinitions, describeCommands } from "../../src/platforms/shared/commands.js";
import { commandWords } from "../../src/platforms/shared/wording/command-words.js";

const pause: CommandDeclaration = {
  name: "quiz",
  options: [],
  subcommands: [{ name: "pause", group: "schedule", options: [{ name: "id", type: "integer", min: 1 }] }],
};
const handler = async () => {};

describe("features declare their own commands", () => {
  it("GIVEN the features' declarations THEN the platforms' catalogue is them with their words, /quiz joined from rounds and daily", () => {
    expect(commandDefinitions.map((command) => command.name)).toEqual(
      declaredCommands.map((command) => command.name),
    );
    const quiz = commandDefinitions.find((command) => command.name === "quiz");
    expect(quiz?.subcommands.map((sub) => (sub.group ? `${sub.group} ${sub.name}` : sub.name))).toEqual([
      "start",
      "stop",
      "config",
      "schedule add",
      "schedule list",
      "schedule pause",
      "schedule resume",
      "schedule remove",
    ]);
    expect(quiz?.subcommands[0]?.options[1]).toEqual({
      name: "questions",
      type: "integer",
      min: 1,
      max: 50,
      description: "Number of questions",
      example: "5",
    });
  });

  it("GIVEN a declared option without words THEN the catalogue refuses to build, naming it", () => {
    const words = {
      quiz: { description: "Quiz", subcommands: { "schedule pause": { description: "Pause" } } },
    };
    expect(() => describeCommands([pause], words)).toThrow("/quiz schedule pause option id has no words");
    expect(() => describeCommands([{ name: "nope", options: [], subcommands: [] }], commandWords)).toThrow(
      "/nope has no words",
    );
  });

  it("GIVEN a feature handling a command it does not declare, or declaring one it does not handle THEN the routing table refuses it", () => {
    const undeclared: Feature = { name: "probe", commands: { "quiz schedule pause": handler } };
    expect(() => routingTable([undeclared])).toThrow('handles "quiz schedule pause" without declaring it');
    const unhandled: Feature = { name: "probe", declares: [pause] };
    expect(() => routingTable([unhandled])).toThrow('declares "quiz schedule pause" without a handler');
    expect(() =>
      routingTable([{ name: "probe", declares: [pause], commands: { "quiz schedule pause": handler } }]),
    ).not.toThrow();
  });

  it("GIVEN a bot's features THEN they must answer exactly the catalogue", () => {
    expect(() => checkCatalogue([{ name: "probe", declares: [pause] }], [pause])).not.toThrow();
    expect(() => checkCatalogue([], [pause])).toThrow("no feature declares it");
    expect(() => checkCatalogue([{ name: "probe", declares: [pause] }], [])).toThrow(
      "not in app/command-catalogue.ts",
    );
  });
});
