import { readdirSync } from "node:fs";
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

/**
 * Scripts DejaVu lacks, for members' names: Noto Sans SC (Chinese, and the kanji and kana of Japanese
 * names), Noto Sans KR (Hangul) and Noto Sans Devanagari, all SIL OFL 1.1 (credited in the README).
 * Fontsource ships each as slices of a few hundred glyphs (`*.woff2`, one unicode range each); every slice of a
 * script is registered under the script's one alias, and the canvas picks the slice that holds each glyph.
 * The variable SC and KR fonts are about 4.5 and 3.5 MB in all, against 10 MB and more per weight for the
 * full static fonts.
 */
const fallbackScripts: readonly { readonly family: string; readonly pkg: string; readonly file: RegExp }[] = [
  { family: "Quizbot Han", pkg: "@fontsource-variable/noto-sans-sc", file: /-wght-normal\.woff2$/ },
  { family: "Quizbot Hangul", pkg: "@fontsource-variable/noto-sans-kr", file: /-wght-normal\.woff2$/ },
  {
    family: "Quizbot Devanagari",
    pkg: "@fontsource/noto-sans-devanagari",
    file: /-devanagari-400-normal\.woff2$/,
  },
];

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

let scriptsRegistered = false;

/**
 * Characters of the scripts registered lazily: CJK ideographs, kana, Hangul and Devanagari. Most pictures
 * have none, so they never pay the ~230 slices' registration (about a second on a loaded machine) in a
 * worker's start; the first text with one does, once per thread.
 */
const otherScript =
  /[\u0900-\u097f\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]|[\u{20000}-\u{3134f}]/u;

/** Registers the scripts' fonts the first time a text needs them; a missing file throws, as in `registerFonts`. */
export function registerScriptFontsFor(text: string): void {
  if (scriptsRegistered || !otherScript.test(text)) return;
  for (const script of fallbackScripts) {
    const dir = path.join(packageDir(script.pkg), "files");
    const slices = readdirSync(dir).filter((name) => script.file.test(name));
    if (slices.length === 0) throw new Error(`no font files in ${dir}`);
    for (const name of slices) {
      const file = path.join(dir, name);
      if (!GlobalFonts.registerFromPath(file, script.family))
        throw new Error(`could not load the font ${file}`);
    }
  }
  scriptsRegistered = true;
}

const fallbacks = [fontFamilies.emoji, ...fallbackScripts.map((script) => script.family)]
  .map((family) => `"${family}"`)
  .join(", ");

/**
 * A CSS font for the canvas: the style's own family, then the emoji font and the scripts' fonts, so each
 * glyph the text font lacks is looked up in the next family (per glyph, not per string): a name such as
 * 山田太郎 or 김민준 is drawn, never as boxes.
 */
export function cssFont(style: FontStyle, sizePx: number): string {
  return `${sizePx}px "${fontFamilies[style]}", ${fallbacks}`;
}
