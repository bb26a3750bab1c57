import { createCanvas, loadImage } from "@napi-rs/canvas";

/** Decodes a PNG into RGBA pixels with @napi-rs/canvas's own decoder. */
export async function decodePng(
  png: Uint8Array,
): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  return {
    width: image.width,
    height: image.height,
    data: ctx.getImageData(0, 0, image.width, image.height).data,
  };
}
