import type { MessagePort } from "node:worker_threads";
import type { Picture } from "../domain/ports/picture-renderer.js";
import { drawPicture } from "./draw-picture.js";
import { registerFonts } from "./fonts.js";

/** The worker's side: loads the fonts, then draws each picture it is sent and posts the PNG back. */
export function servePictures(port: MessagePort): void {
  registerFonts();
  port.on("message", (message: { id: number; picture: Picture }) => {
    try {
      const rendered = drawPicture(message.picture);
      // The PNG's memory moves to the main thread rather than being copied.
      const png = rendered.png;
      const transferable = png.byteOffset === 0 && png.byteLength === png.buffer.byteLength;
      const owned = transferable ? png : png.slice();
      port.postMessage({ id: message.id, rendered: { ...rendered, png: owned } }, [
        owned.buffer as ArrayBuffer,
      ]);
    } catch (error) {
      port.postMessage({ id: message.id, failed: String(error instanceof Error ? error.message : error) });
    }
  });
  port.postMessage({ ready: true });
}
