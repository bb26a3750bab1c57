import type { LeaderboardPicture, LeaderboardPictureRow } from "../domain/ports/picture-renderer.js";
import { colours, Painter } from "./painter.js";

const width = 1600;
const top = 190;
const rowHeight = 84;
const rowGap = 10;
const medals = { 1: "🥇", 2: "🥈", 3: "🥉" } as const;
const bar = { x: 640, width: 620, height: 26 } as const;

/** The height a board needs: header, its rows, the caller's row apart, the footer. */
export function leaderboardHeight(picture: LeaderboardPicture): number {
  const rows = Math.max(picture.rows.length, 1);
  const caller = picture.callerRow ? rowHeight + 40 : 0;
  return top + rows * (rowHeight + rowGap) + caller + 70;
}

/** The leaderboard card: one row per member with a medal or rank, a bar for the ranked figure, a flame for the streak. */
export function drawLeaderboard(picture: LeaderboardPicture): Painter {
  const painter = new Painter(width, leaderboardHeight(picture));
  painter.fill(colours.background, 0, 0, painter.width, painter.height);
  painter.text(picture.title, 60, 70, { style: "bold", size: 50, maxWidth: width - 120 });
  painter.text(picture.subtitle, 60, 128, { size: 30, colour: colours.muted, maxWidth: width - 120 });
  const best = Math.max(0, ...picture.rows.map((row) => row.value), picture.callerRow?.value ?? 0);
  let y = top;
  if (picture.rows.length === 0) {
    painter.text(picture.empty, width / 2, y + rowHeight / 2, {
      size: 34,
      colour: colours.muted,
      align: "center",
      maxWidth: width - 120,
    });
    y += rowHeight + rowGap;
  }
  for (const row of picture.rows) {
    drawRow(painter, row, y, best);
    y += rowHeight + rowGap;
  }
  if (picture.callerRow) {
    painter.line(colours.grid, 60, y + 12, width - 60, y + 12, 2, [10, 8]);
    y += 40;
    drawRow(painter, picture.callerRow, y, best);
    y += rowHeight + rowGap;
  }
  painter.text(picture.footer, 60, painter.height - 38, {
    size: 24,
    colour: colours.muted,
    maxWidth: width - 120,
  });
  return painter;
}

function drawRow(painter: Painter, row: LeaderboardPictureRow, y: number, best: number): void {
  painter.fill(row.highlighted ? colours.highlight : colours.panel, 40, y, width - 80, rowHeight, 16);
  if (row.highlighted) painter.fill(colours.accent, 40, y, 10, rowHeight, 5);
  const middle = y + rowHeight / 2;
  if (row.medal) painter.text(medals[row.medal], 105, middle, { size: 46, align: "center" });
  else
    painter.text(row.rank, 105, middle, { style: "bold", size: 36, colour: colours.muted, align: "center" });
  painter.text(row.name, 170, y + 30, { style: "bold", size: 34, maxWidth: bar.x - 200 });
  painter.text(row.detail, 170, y + 63, { size: 22, colour: colours.muted, maxWidth: bar.x - 200 });
  painter.fill(colours.grid, bar.x, middle - bar.height / 2, bar.width, bar.height, bar.height / 2);
  const share = best > 0 ? Math.max(0, row.value) / best : 0;
  if (share > 0) {
    const colour = row.medal ? medalColour(row.medal) : colours.accentSoft;
    painter.fill(
      colour,
      bar.x,
      middle - bar.height / 2,
      Math.max(bar.height, bar.width * share),
      bar.height,
      bar.height / 2,
    );
  }
  painter.text(row.valueText, bar.x + bar.width + 24, middle, { style: "bold", size: 32, maxWidth: 170 });
  if (row.streak > 0) {
    painter.text(`🔥 ${row.streak}`, width - 70, middle, {
      style: "bold",
      size: 32,
      colour: colours.warning,
      align: "right",
    });
  }
}

function medalColour(medal: 1 | 2 | 3): string {
  return medal === 1 ? colours.gold : medal === 2 ? colours.silver : colours.bronze;
}
