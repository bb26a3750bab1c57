import { escapeHtml } from "./html.js";

/**
 * The dashboard's charts as SVG drawn here, on the server: vertical bars, lines and horizontal bars. Only
 * presentation attributes, no `style`, so the page's CSP needs no 'unsafe-inline'. Each chart is an image
 * with a title for screen readers; the table under it holds the same figures.
 */
export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

const palette = ["#2f6fdf", "#e0803a", "#3a9d5d", "#a54fc2", "#c43d52", "#6b7a8f"];
const width = 640;
const height = 240;
const margin = { top: 28, right: 16, bottom: 40, left: 48 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

function frame(title: string, body: string, chartHeight = height): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${chartHeight}" width="${width}" height="${chartHeight}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${body}</svg>`;
}

/** A round top for the y axis: 1, 2 or 5 times a power of ten at or above `max`. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].map((step) => step * power).find((top) => top >= max) ?? 10 * power) as number;
}

function axes(top: number, labels: readonly string[]): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => {
    const y = margin.top + plotHeight * (1 - share);
    const value = Math.round(top * share * 100) / 100;
    return `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y}" y2="${y}" stroke="#d9dee5" stroke-width="1"/><text x="${margin.left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#4a5565">${value}</text>`;
  });
  const step = plotWidth / Math.max(1, labels.length);
  const every = Math.ceil(labels.length / 10);
  const names = labels.map((label, index) =>
    index % every === 0
      ? `<text x="${margin.left + step * (index + 0.5)}" y="${height - margin.bottom + 16}" text-anchor="middle" font-size="11" fill="#4a5565">${escapeHtml(label)}</text>`
      : "",
  );
  return ticks.join("") + names.join("");
}

function legend(series: readonly Series[]): string {
  return series
    .map(
      (one, index) =>
        `<rect x="${margin.left + index * 150}" y="8" width="10" height="10" fill="${palette[index % palette.length]}"/><text x="${margin.left + index * 150 + 14}" y="17" font-size="12" fill="#1f2733">${escapeHtml(one.name)}</text>`,
    )
    .join("");
}

/** Grouped vertical bars: one group per label, one bar per series. */
export function barChart(title: string, labels: readonly string[], series: readonly Series[]): string {
  const top = niceMax(Math.max(0, ...series.flatMap((one) => one.values)));
  const step = plotWidth / Math.max(1, labels.length);
  const barWidth = (step * 0.8) / Math.max(1, series.length);
  const bars = series.flatMap((one, s) =>
    one.values.map((value, index) => {
      const barHeight = (Math.max(0, value) / top) * plotHeight;
      const x = margin.left + step * index + step * 0.1 + barWidth * s;
      const y = margin.top + plotHeight - barHeight;
      return `<rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${palette[s % palette.length]}"><title>${escapeHtml(`${labels[index] ?? ""}: ${value} ${one.name}`)}</title></rect>`;
    }),
  );
  return frame(title, axes(top, labels) + bars.join("") + legend(series));
}

/** Lines over the labels, one per series, with a dot at each value. */
export function lineChart(title: string, labels: readonly string[], series: readonly Series[]): string {
  const top = niceMax(Math.max(0, ...series.flatMap((one) => one.values)));
  const step = plotWidth / Math.max(1, labels.length);
  const lines = series.map((one, s) => {
    const points = one.values.map((value, index) => {
      const x = margin.left + step * (index + 0.5);
      const y = margin.top + plotHeight * (1 - Math.max(0, value) / top);
      return { x, y, value, label: labels[index] ?? "" };
    });
    const colour = palette[s % palette.length];
    const path = points.map((point) => `${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(" ");
    const dots = points.map(
      (point) =>
        `<circle cx="${point.x.toFixed(1)}" cy="${point.y.toFixed(1)}" r="3" fill="${colour}"><title>${escapeHtml(`${point.label}: ${point.value} ${one.name}`)}</title></circle>`,
    );
    return `<polyline class="line" points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>${dots.join("")}`;
  });
  return frame(title, axes(top, labels) + lines.join("") + legend(series));
}

export interface BarRow {
  readonly label: string;
  /** 0..1 of the bar's full length. */
  readonly share: number;
  /** What the bar's end says, e.g. "72.5 %". */
  readonly text: string;
  /** Drawn in the warning colour (a question far from 70 % correct, a tag being forgotten). */
  readonly flagged?: boolean;
}

/** Horizontal bars on a 0..1 scale, one row per label, with a dashed guide at `guide` (e.g. 0.7). */
export function horizontalBars(title: string, rows: readonly BarRow[], guide?: number): string {
  const rowHeight = 22;
  const left = 180;
  const barSpace = width - left - 70;
  const chartHeight = 16 + rows.length * rowHeight + 8;
  const body = rows.map((row, index) => {
    const y = 16 + index * rowHeight;
    const length = Math.max(0, Math.min(1, row.share)) * barSpace;
    const label = row.label.length > 28 ? `${row.label.slice(0, 27)}…` : row.label;
    return `<text x="${left - 8}" y="${y + 14}" text-anchor="end" font-size="12" fill="#1f2733">${escapeHtml(label)}</text><rect class="bar" x="${left}" y="${y + 3}" width="${length.toFixed(1)}" height="${rowHeight - 6}" fill="${row.flagged ? "#d9822b" : palette[0]}"><title>${escapeHtml(`${row.label}: ${row.text}`)}</title></rect><text x="${left + length + 6}" y="${y + 14}" font-size="12" fill="#1f2733">${escapeHtml(row.text)}</text>`;
  });
  const guideLine =
    guide === undefined
      ? ""
      : `<line x1="${left + guide * barSpace}" x2="${left + guide * barSpace}" y1="8" y2="${chartHeight - 4}" stroke="#6b7a8f" stroke-dasharray="4 3" stroke-width="1"/>`;
  return frame(title, body.join("") + guideLine, chartHeight);
}
