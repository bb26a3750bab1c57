import type { ForecastPicture, TopicBar } from "../domain/ports/picture-renderer.js";
import { colours, Painter } from "./painter.js";

const width = 1600;
const height = 1000;
const chart = { left: 130, right: 1080, top: 200, bottom: 800 } as const;

/** `/stats` as a chart: due cards per day for 30 days (the week ahead stronger), retention, topics beside. */
export function drawForecast(picture: ForecastPicture): Painter {
  const painter = new Painter(width, height);
  painter.fill(colours.background, 0, 0, width, height);
  painter.text(picture.title, 60, 70, { style: "bold", size: 50, maxWidth: width - 120 });
  painter.text(picture.subtitle, 60, 128, { size: 30, colour: colours.muted, maxWidth: width - 120 });
  drawBars(painter, picture);
  if (picture.retention) drawRetention(painter, picture.retention);
  drawTopics(painter, picture.strongestHeading, picture.strongest, 230, colours.good);
  drawTopics(painter, picture.weakestHeading, picture.weakest, 560, colours.danger);
  return painter;
}

function drawBars(painter: Painter, picture: ForecastPicture): void {
  const days = picture.days;
  const top = niceCeiling(Math.max(1, ...days.map((day) => day.count)));
  const chartHeight = chart.bottom - chart.top;
  for (let step = 0; step <= 4; step++) {
    const value = (top * step) / 4;
    const y = chart.bottom - (chartHeight * step) / 4;
    painter.line(colours.grid, chart.left, y, chart.right, y, 1);
    painter.text(String(Math.round(value)), chart.left - 16, y, {
      size: 22,
      colour: colours.muted,
      align: "right",
    });
  }
  const slot = (chart.right - chart.left) / Math.max(days.length, 1);
  const barWidth = Math.max(4, slot * 0.72);
  days.forEach((day, index) => {
    const x = chart.left + slot * index + (slot - barWidth) / 2;
    const barHeight = (chartHeight * day.count) / top;
    const week = index < picture.weekDays;
    if (day.count > 0)
      painter.fill(
        week ? colours.accent : colours.accentSoft,
        x,
        chart.bottom - barHeight,
        barWidth,
        barHeight,
        4,
      );
    if (week) {
      painter.text(String(day.count), x + barWidth / 2, chart.bottom - barHeight - 18, {
        style: "bold",
        size: 22,
        align: "center",
      });
    }
    if (index % 7 === 0) {
      painter.text(day.label, x + barWidth / 2, chart.bottom + 28, {
        size: 20,
        colour: colours.muted,
        align: "center",
      });
    }
  });
}

/** Retention is a share, not a count: a dashed line on its own 0-100 % scale, labelled at its end. */
function drawRetention(painter: Painter, retention: NonNullable<ForecastPicture["retention"]>): void {
  const y = chart.bottom - (chart.bottom - chart.top) * Math.min(1, Math.max(0, retention.share));
  painter.line(colours.good, chart.left, y, chart.right, y, 4, [16, 10]);
  painter.text(retention.label, chart.right, y - 24, {
    style: "bold",
    size: 24,
    colour: colours.good,
    align: "right",
  });
}

function drawTopics(
  painter: Painter,
  heading: string,
  topics: readonly TopicBar[],
  top: number,
  colour: string,
): void {
  const left = 1150;
  const barWidth = 390;
  painter.text(heading, left, top, { style: "bold", size: 30, maxWidth: width - left - 40 });
  if (topics.length === 0) {
    painter.text("–", left, top + 56, { size: 26, colour: colours.muted });
    return;
  }
  topics.slice(0, 3).forEach((topic, index) => {
    const y = top + 56 + index * 84;
    painter.text(topic.name, left, y, { size: 26, maxWidth: barWidth - 110 });
    painter.text(topic.valueText, left + barWidth, y, { style: "bold", size: 26, align: "right" });
    painter.fill(colours.grid, left, y + 26, barWidth, 14, 7);
    painter.fill(colour, left, y + 26, Math.max(14, barWidth * Math.min(1, topic.share)), 14, 7);
  });
}

/** Four gridline steps of 1, 2 or 5 times a power of ten, reaching `value`: the labels read as round numbers. */
function niceCeiling(value: number): number {
  const quarter = value / 4;
  const power = 10 ** Math.floor(Math.log10(quarter));
  const step = [1, 2, 5, 10].find((candidate) => candidate * power >= quarter) ?? 10;
  return Math.max(4, 4 * step * power);
}
