import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { groupsFeature } from "../../src/app/groups/groups-feature.js";
import { createRouter } from "../../src/app/router.js";
import type { View } from "../../src/domain/ports/views/index.js";
import { present } from "../../src/platforms/shared/present.js";
import { DrizzleGroupStore } from "../../src/storage/leaderboards/drizzle-group-store.js";
import { ensureUser } from "../../src/storage/repositories/users.js";
import { streaks, studyGroups } from "../../src/storage/schema/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform, fullCapabilities } from "../support/fake-platform.js";
import { silentLogger } from "../support/silent-logger.js";

describe("group commands", () => {
  let database: TestDatabase;
  let platform: FakePlatform;
  const ada = () => platform.member("ada", { displayName: "Ada" });
  const bob = () => platform.member("bob", { displayName: "Bob" });

  beforeEach(async () => {
    database = await createTestDatabase("pglite");
    platform = new FakePlatform();
    const feature = groupsFeature({ groups: new DrizzleGroupStore(database.db), defaultTimeZone: "UTC" });
    await platform.start(createRouter([feature], silentLogger()));
  });

  afterEach(async () => {
    await database.close();
  });

  /** The last thing member `id` was told privately, and its words as every platform gets them. */
  const lastPrivate = (id: string): { view: View | undefined; text: string } => {
    const view = platform.privateTo(id).at(-1);
    const message = view ? present(view, fullCapabilities) : undefined;
    return { view, text: message?.fallback ?? "" };
  };
  const outcome = (id: string) => {
    const { view } = lastPrivate(id);
    return view?.kind === "group_outcome" ? view.outcome : undefined;
  };

  it("GIVEN a new name THEN the group is announced in the channel and its creator is a member", async () => {
    await platform.command(ada(), "group", "create", { name: "  Night   Owls " });
    expect(platform.views("group_outcome", "public")).toEqual([
      { kind: "group_outcome", outcome: { code: "created", name: "Night Owls", by: "Ada" } },
    ]);
    await platform.command(ada(), "group", "list");
    expect(lastPrivate("ada").view).toEqual({
      kind: "group_list",
      groups: [{ name: "Night Owls", members: 1, joined: true, owned: true }],
    });
  });

  it("GIVEN a group exists THEN creating it again in other letter case is refused privately as a duplicate", async () => {
    await platform.command(ada(), "group", "create", { name: "Night Owls" });
    await platform.command(bob(), "group", "create", { name: "night owls" });
    expect(outcome("bob")).toEqual({ code: "duplicate_name", name: "night owls" });
    expect(lastPrivate("bob").text).toContain("already exists");
    expect(platform.views("group_outcome", "public")).toHaveLength(1);
  });

  it("GIVEN no such group THEN joining it is refused privately as unknown", async () => {
    await platform.command(bob(), "group", "join", { name: "Ghosts" });
    expect(outcome("bob")).toEqual({ code: "unknown_group", name: "Ghosts" });
    expect(lastPrivate("bob").text).toContain("/group list");
  });

  it("GIVEN a name of 33 characters or with a mention THEN it is refused privately with the rule", async () => {
    await platform.command(ada(), "group", "create", { name: "x".repeat(33) });
    expect(outcome("ada")).toMatchObject({ code: "invalid_name", problem: "too_long" });
    expect(lastPrivate("ada").text).toContain("at most 32 characters");
    await platform.command(ada(), "group", "create", { name: "<@123> fans" });
    expect(outcome("ada")).toMatchObject({ code: "invalid_name", problem: "invalid_characters" });
    expect(platform.views("group_outcome", "public")).toHaveLength(0);
  });

  it("GIVEN a member not in a group THEN leaving it is refused privately, and after joining it works", async () => {
    await platform.command(ada(), "group", "create", { name: "Night Owls" });
    await platform.command(bob(), "group", "leave", { name: "Night Owls" });
    expect(outcome("bob")).toEqual({ code: "not_member", name: "Night Owls" });
    expect(lastPrivate("bob").text).toContain("not in");
    await platform.command(bob(), "group", "join", { name: "night owls" });
    expect(outcome("bob")).toEqual({ code: "joined", name: "Night Owls" });
    await platform.command(bob(), "group", "join", { name: "Night Owls" });
    expect(outcome("bob")).toEqual({ code: "already_member", name: "Night Owls" });
    await platform.command(bob(), "group", "leave", { name: "Night Owls" });
    expect(outcome("bob")).toEqual({ code: "left", name: "Night Owls" });
  });

  it("GIVEN a member who did not create a group THEN renaming or removing it is refused privately; the owner can", async () => {
    await platform.command(ada(), "group", "create", { name: "Night Owls" });
    await platform.command(bob(), "group", "join", { name: "Night Owls" });
    await platform.command(bob(), "group", "rename", { name: "Night Owls", new_name: "Bob's Owls" });
    expect(outcome("bob")).toMatchObject({ code: "invalid_name" });
    await platform.command(bob(), "group", "rename", { name: "Night Owls", new_name: "Bobs Owls" });
    expect(outcome("bob")).toEqual({ code: "not_owner", name: "Night Owls" });
    expect(lastPrivate("bob").text).toContain("Only the member who created");
    await platform.command(bob(), "group", "remove", { name: "Night Owls" });
    expect(outcome("bob")).toEqual({ code: "not_owner", name: "Night Owls" });

    await platform.command(ada(), "group", "create", { name: "Early Birds" });
    await platform.command(ada(), "group", "rename", { name: "Night Owls", new_name: "early birds" });
    expect(outcome("ada")).toEqual({ code: "duplicate_name", name: "early birds" });
    await platform.command(ada(), "group", "rename", { name: "Night Owls", new_name: "Late Owls" });
    expect(outcome("ada")).toEqual({ code: "renamed", from: "Night Owls", to: "Late Owls" });
    await platform.command(ada(), "group", "remove", { name: "late owls" });
    expect(outcome("ada")).toEqual({ code: "removed", name: "Late Owls" });
    await platform.command(bob(), "group", "list");
    expect(lastPrivate("bob").view).toEqual({
      kind: "group_list",
      groups: [{ name: "Early Birds", members: 1, joined: false, owned: false }],
    });
  });

  it("GIVEN a group's owner turns streak freezes off THEN the group stops earning them and freezes held are gone; others may not", async () => {
    await platform.command(ada(), "group", "create", { name: "Night Owls" });
    await platform.command(bob(), "group", "join", { name: "Night Owls" });
    const [group] = await database.db.select().from(studyGroups).where(eq(studyGroups.name, "Night Owls"));
    if (!group) throw new Error("no group");
    expect(group.streakFreezes).toBe(true);
    const bobId = await ensureUser(database.db, { platform: "console", id: "bob", displayName: "Bob" });
    await database.db.insert(streaks).values({
      groupId: group.id,
      userId: bobId,
      current: 9,
      longest: 9,
      lastDay: "2026-11-20",
      freezes: 1,
    });
    await platform.command(bob(), "group", "freezes", { name: "Night Owls", freezes: "off" });
    expect(outcome("bob")).toEqual({ code: "not_owner", name: "Night Owls" });
    await platform.command(ada(), "group", "freezes", { name: "night owls", freezes: "off" });
    expect(outcome("ada")).toEqual({ code: "freezes", name: "Night Owls", on: false });
    expect(lastPrivate("ada").text).toContain("Streak freezes are off");
    const [after] = await database.db.select().from(studyGroups).where(eq(studyGroups.id, group.id));
    expect(after?.streakFreezes).toBe(false);
    const [held] = await database.db.select().from(streaks).where(eq(streaks.groupId, group.id));
    expect(held?.freezes).toBe(0);
    await platform.command(ada(), "group", "freezes", { name: "Night Owls", freezes: "on" });
    expect(outcome("ada")).toEqual({ code: "freezes", name: "Night Owls", on: true });
  });
});
