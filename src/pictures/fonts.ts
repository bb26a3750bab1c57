import { createRequire } from "node:module";
import path from "node:path";
import { GlobalFonts } from "@napi-rs/canvas";

/*
 * The fonts every picture is drawn with, shipped as npm packages rather than found on the machine:
 * @napi-rs/canvas draws no text without fonts and silently takes any system font it finds, so a
 * developer's machine would hide a font missing in production. Each file gets its own alias: regular and
 * bold registered under one family name collapse to one weight.
 */

export const fontFamilies = {
  sans: "Quizbot Sans",
  bold: "Quizbot Sans Bold",
  mono: "Quizbot Mono",
  /** Twemoji as a COLR font (CC-BY 4.0 graphics, credited in the README): medals and flames in colour. */
  emoji: "Quizbot Emoji",
} as const;

export type FontStyle = keyof Omit<typeof fontFamilies, "emoji">;

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

let registered = false;

/** Registers the shipped fonts once per thread; throws when a file is missing, so a broken install is loud. */
export function registerFonts(): void {
  if (registered) return;
  const dejavu = path.join(packageDir("dejavu-fonts-ttf"), "ttf");
  const files: readonly [string, string][] = [
    [path.join(dejavu, "DejaVuSans.ttf"), fontFamilies.sans],
    [path.join(dejavu, "DejaVuSans-Bold.ttf"), fontFamilies.bold],
    [path.join(dejavu, "DejaVuSansMono.ttf"), fontFamilies.mono],
    [path.join(packageDir("twemoji-colr-font"), "twemoji.woff2"), fontFamilies.emoji],
  ];
  for (const [file, alias] of files) {
    if (!GlobalFonts.registerFromPath(file, alias)) throw new Error(`could not load the font ${file}`);
  }
  registered = true;
}

/**
 * A CSS font for the canvas: the style's own family, then the emoji font, so each glyph the text font
 * lacks is looked up in the next family (per glyph, not per string).
 */
export function cssFont(style: FontStyle, sizePx: number): string {
  return `${sizePx}px "${fontFamilies[style]}", "${fontFamilies.emoji}"`;
}
