import { createCanvas } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { cssFont, registerFonts, registerScriptFontsFor } from "../../src/pictures/fonts.js";
import { Painter } from "../../src/pictures/painter.js";

/**
 * Names in scripts DejaVu lacks fall back per glyph to the shipped Noto fonts, never to boxes. A glyph no
 * font has is drawn as the .notdef box, the same for every such character; so each character of these names
 * must draw differently from that box, and two different characters differently from each other.
 * U+10FFFD is a private-use code point that no shipped font maps.
 */
const box = "\u{10FFFD}";

function bitmap(text: string, style: "sans" | "bold" = "sans"): string {
  // As the Painter does before each text: the scripts' fonts are registered when a text first needs them.
  registerScriptFontsFor(text);
  const canvas = createCanvas(64, 64);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, 64, 64);
  ctx.fillStyle = "#000000";
  ctx.font = cssFont(style, 40);
  ctx.fillText(text, 8, 48);
  return Buffer.from(ctx.getImageData(0, 0, 64, 64).data).toString("base64");
}

describe("names in other scripts on a picture", () => {
  registerFonts();
  const names = ["山田太郎", "김민준", "नमस्ते", "ひらがなカタカナ", "محمد"];

  for (const name of names) {
    it(`GIVEN the name ${name} THEN every character is a glyph of its own, not the box a missing glyph gets`, () => {
      const notdef = bitmap(box);
      for (const style of ["sans", "bold"] as const) {
        const drawn = [...name].map((character) => bitmap(character, style));
        for (const [index, glyph] of drawn.entries()) {
          expect(glyph === notdef, `${[...name][index]} (${style}) drawn as the box`).toBe(false);
        }
      }
    });
  }

  it("GIVEN two different CJK characters THEN their bitmaps differ (the fallback is per glyph, not one shape)", () => {
    expect(bitmap("山")).not.toBe(bitmap("田"));
    expect(bitmap("김")).not.toBe(bitmap("민"));
    expect(bitmap("山")).not.toBe(bitmap("김"));
  });

  it("GIVEN a CJK name on the Painter THEN it is measured as glyphs of their own width, not boxes", () => {
    const painter = new Painter(200, 60);
    const box4 = painter.measure(box.repeat(4), "sans", 30);
    const name = painter.measure("山田太郎", "sans", 30);
    expect(name).not.toBe(box4);
    expect(painter.text("김민준", 10, 30, { size: 30 })).toBeGreaterThan(0);
  });

  it("GIVEN the box character itself THEN it is drawn the same way twice, so the comparison above means something", () => {
    expect(bitmap(box)).toBe(bitmap("\u{10FFFC}"));
  });
});
