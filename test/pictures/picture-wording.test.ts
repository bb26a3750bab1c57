import { describe, expect, it } from "vitest";
import type { Picture } from "../../src/domain/ports/picture-renderer.js";
import { present } from "../../src/platforms/shared/present.js";
import type { RichMessage } from "../../src/platforms/shared/rich-message.js";
import { comparisonView, statsView, summaryView } from "./support/picture-views.js";

const capabilities = {
  buttons: true,
  privateReplies: true,
  messageEdits: true,
  forms: true,
  threads: false,
  directMessages: true,
  readsChannelMessages: false,
};

function pictureOf<K extends Picture["kind"]>(message: RichMessage, kind: K): Extract<Picture, { kind: K }> {
  const picture = message.picture?.picture;
  if (picture?.kind !== kind) throw new Error(`expected a ${kind} picture`);
  return picture as Extract<Picture, { kind: K }>;
}

describe("what each picture shows, in the member's words", () => {
  it("GIVEN /stats with 30 days counted THEN the chart has 30 bars, the week first, the retention line and the topics; the week's table gives way to it", () => {
    const message = present(statsView, capabilities);
    const chart = pictureOf(message, "forecast");
    expect(chart.days).toHaveLength(30);
    expect(chart.days.map((day) => day.count)).toEqual(statsView.duePerDay30?.map((day) => day.count));
    expect(chart.weekDays).toBe(7);
    expect(chart.retention).toEqual({ share: 0.87, label: "87 % remembered (30 days)" });
    expect(chart.strongest).toEqual([{ name: "asyncio", share: 0.94, valueText: "94 %" }]);
    expect(message.picture?.blocks.some((block) => block.type === "table")).toBe(false);
    expect(message.blocks.some((block) => block.type === "table")).toBe(true);
  });

  it("GIVEN /stats from a store that counted only the week THEN there is no picture and the text is as before", () => {
    const { duePerDay30: _left, ...weekOnly } = statsView;
    expect(present(weekOnly, capabilities).picture).toBeUndefined();
  });

  it("GIVEN a round where three scored THEN the podium holds them in order and the member with 0 points stays in the table beside it", () => {
    const message = present(summaryView, capabilities);
    const podium = pictureOf(message, "podium");
    expect(podium.places).toEqual([
      { place: 1, name: "Grace", valueText: "640 points" },
      { place: 2, name: "Ada", valueText: "515 points" },
      { place: 3, name: "Linus", valueText: "230 points" },
    ]);
    const beside = JSON.stringify(message.picture?.blocks);
    expect(beside).toContain("Ken");
    expect(beside).not.toContain("Grace");
  });

  it("GIVEN a round where nobody scored THEN there is no podium", () => {
    const none = { ...summaryView, rows: summaryView.rows.map((row) => ({ ...row, points: 0 })) };
    expect(present(none, capabilities).picture).toBeUndefined();
  });

  it("GIVEN a comparison THEN each interpreter is a bar with its wall and CPU time, and a differing one is marked", () => {
    const message = present(comparisonView, capabilities);
    const times = pictureOf(message, "times");
    expect(times.bars.map((bar) => bar.wallMs)).toEqual(
      comparisonView.rows.map((row) => (row.refusal ? 0 : row.run.wallMs)),
    );
    expect(times.bars.map((bar) => bar.differs)).toEqual(
      comparisonView.rows.map((row) => !row.same || row.refusal !== undefined),
    );
    expect(message.picture?.blocks.some((block) => block.type === "table")).toBe(false);
  });
});
