import type { TimesPicture } from "../domain/ports/picture-renderer.js";
import { colours, Painter } from "./painter.js";

const width = 1600;
const height = 1000;
const bars = { left: 520, right: 1380, top: 190, bottom: 880 } as const;

/** The interpreter comparison: per interpreter a wall-time bar and a CPU-time bar on one scale. */
export function drawTimes(picture: TimesPicture): Painter {
  const painter = new Painter(width, height);
  painter.fill(colours.background, 0, 0, width, height);
  painter.text(picture.title, 60, 70, { style: "bold", size: 50, maxWidth: width - 120 });
  painter.text(picture.subtitle, 60, 128, { size: 30, colour: colours.muted, maxWidth: width - 120 });
  const longest = Math.max(1, ...picture.bars.flatMap((bar) => [bar.wallMs, bar.cpuMs]));
  const rowHeight = Math.min(150, (bars.bottom - bars.top) / Math.max(picture.bars.length, 1));
  const span = bars.right - bars.left;
  picture.bars.forEach((bar, index) => {
    const y = bars.top + index * rowHeight;
    painter.fill(colours.panel, 40, y + 6, width - 80, rowHeight - 12, 14);
    painter.text(bar.label, 70, y + rowHeight / 2 - 18, {
      style: "bold",
      size: 32,
      maxWidth: bars.left - 100,
    });
    painter.text(bar.note, 70, y + rowHeight / 2 + 22, {
      size: 22,
      colour: bar.differs ? colours.warning : colours.muted,
      maxWidth: bars.left - 100,
    });
    const wallY = y + rowHeight / 2 - 26;
    const cpuY = y + rowHeight / 2 + 6;
    painter.fill(
      bar.differs ? colours.warning : colours.accent,
      bars.left,
      wallY,
      Math.max(6, (span * bar.wallMs) / longest),
      22,
      6,
    );
    painter.fill(colours.accentSoft, bars.left, cpuY, Math.max(6, (span * bar.cpuMs) / longest), 18, 6);
    painter.text(`${formatMs(bar.wallMs)}`, width - 60, wallY + 11, {
      style: "bold",
      size: 24,
      align: "right",
    });
    painter.text(`${formatMs(bar.cpuMs)}`, width - 60, cpuY + 9, {
      size: 22,
      colour: colours.muted,
      align: "right",
    });
  });
  painter.fill(colours.accent, 60, height - 60, 28, 20, 4);
  const wall = painter.text(picture.wallLabel, 100, height - 50, { size: 24, colour: colours.muted });
  painter.fill(colours.accentSoft, 140 + wall, height - 60, 28, 20, 4);
  painter.text(picture.cpuLabel, 180 + wall, height - 50, { size: 24, colour: colours.muted });
  return painter;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
