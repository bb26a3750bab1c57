import { type Canvas, createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { cssFont, type FontStyle, registerFonts, registerScriptFontsFor } from "./fonts.js";

/** The pictures' palette: a dark card, readable in Discord's and Slack's light and dark themes alike. */
export const colours = {
  background: "#1e1f29",
  panel: "#2a2c3a",
  highlight: "#3a3f73",
  text: "#f2f3f5",
  muted: "#a3a7bd",
  grid: "#3c3f52",
  accent: "#5865f2",
  accentSoft: "#8f98f7",
  good: "#3ba55d",
  warning: "#f0b232",
  danger: "#ed4245",
  gold: "#f5c542",
  silver: "#c9d1d9",
  bronze: "#d38b4f",
} as const;

/**
 * One canvas per picture size, reused: a canvas's pixels are native memory that V8 does not see, so a new
 * canvas per picture piled up hundreds of MB before a garbage collection freed them. Every drawing paints
 * its whole background first, so nothing of the previous picture shows through. One thread draws at a time.
 */
const canvases = new Map<string, Canvas>();

function canvasOf(width: number, height: number): Canvas {
  const key = `${width}x${height}`;
  let canvas = canvases.get(key);
  if (!canvas) {
    canvas = createCanvas(width, height);
    canvases.set(key, canvas);
  }
  return canvas;
}

export interface TextOptions {
  readonly style?: FontStyle;
  readonly size: number;
  readonly colour?: string;
  readonly align?: "left" | "right" | "center";
  /** Cut with an ellipsis to this width; a name never runs into the next column. */
  readonly maxWidth?: number;
}

/**
 * A canvas that remembers every text it draws, in order: the picture's text layer, which tests read to
 * check names and figures without looking at pixels.
 */
export class Painter {
  readonly ctx: SKRSContext2D;
  readonly texts: string[] = [];
  private readonly canvas: Canvas;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    registerFonts();
    this.canvas = canvasOf(width, height);
    this.ctx = this.canvas.getContext("2d");
    this.ctx.reset();
    this.ctx.textBaseline = "middle";
  }

  fill(colour: string, x: number, y: number, width: number, height: number, radius = 0): void {
    this.ctx.fillStyle = colour;
    if (radius <= 0) {
      this.ctx.fillRect(x, y, width, height);
      return;
    }
    this.ctx.beginPath();
    this.ctx.roundRect(x, y, width, height, Math.min(radius, width / 2, height / 2));
    this.ctx.fill();
  }

  line(colour: string, x1: number, y1: number, x2: number, y2: number, width = 2, dash: number[] = []): void {
    this.ctx.strokeStyle = colour;
    this.ctx.lineWidth = width;
    this.ctx.setLineDash(dash);
    this.ctx.beginPath();
    this.ctx.moveTo(x1, y1);
    this.ctx.lineTo(x2, y2);
    this.ctx.stroke();
    this.ctx.setLineDash([]);
  }

  /** Draws `text` with its vertical middle at `y`; returns the width drawn. */
  text(text: string, x: number, y: number, options: TextOptions): number {
    const ctx = this.ctx;
    registerScriptFontsFor(text);
    ctx.font = cssFont(options.style ?? "sans", options.size);
    ctx.fillStyle = options.colour ?? colours.text;
    ctx.textAlign = options.align ?? "left";
    const shown = options.maxWidth === undefined ? text : this.fit(text, options.maxWidth);
    ctx.fillText(shown, x, y);
    this.texts.push(shown);
    return ctx.measureText(shown).width;
  }

  measure(text: string, style: FontStyle, size: number): number {
    registerScriptFontsFor(text);
    this.ctx.font = cssFont(style, size);
    return this.ctx.measureText(text).width;
  }

  /**
   * PNG at zlib level 1 with the Sub filter only: a flat-coloured chart compresses nearly as well, and the
   * default (level 6, every filter) took longer than drawing it.
   */
  png(): Uint8Array {
    return this.canvas.encodeSync("png", { compressionLevel: 1, filters: 0x10 });
  }

  /** The longest start of `text` (whole code points) that fits `maxWidth` with an ellipsis. */
  private fit(text: string, maxWidth: number): string {
    if (this.ctx.measureText(text).width <= maxWidth) return text;
    const characters = [...text];
    let low = 0;
    let high = characters.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      const candidate = `${characters.slice(0, middle).join("").trimEnd()}…`;
      if (this.ctx.measureText(candidate).width <= maxWidth) low = middle;
      else high = middle - 1;
    }
    return `${characters.slice(0, low).join("").trimEnd()}…`;
  }
}
