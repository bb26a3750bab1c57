import type { PictureRenderer } from "../../domain/ports/picture-renderer.js";
import type { Logger } from "../../logger.js";
import type { RichMessage } from "./rich-message.js";

/** A drawn picture ready to attach: the file, its size, and what it shows in words. */
export interface PictureFile {
  readonly filename: string;
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly altText: string;
}

/**
 * Draws the message's picture, if it has one and pictures are on. Drawn: the message with the blocks meant
 * to stand beside the picture, and the file. Not drawn (renderer busy, slow or failing): the message's text
 * version, unchanged, so a member always gets an answer.
 */
export async function withPicture(
  message: RichMessage,
  renderer: PictureRenderer | undefined,
  logger: Logger,
): Promise<{ readonly message: RichMessage; readonly image?: PictureFile }> {
  const { picture, ...text } = message;
  if (!picture || !renderer) return { message: text };
  const drawn = await renderer.render(picture.picture);
  if (!drawn.ok) {
    logger.warn({ picture: picture.picture.kind, reason: drawn.error }, "picture not drawn; sent as text");
    return { message: text };
  }
  const { png, width, height } = drawn.value;
  return {
    message: { ...text, blocks: picture.blocks },
    image: { filename: picture.filename, png, width, height, altText: picture.altText },
  };
}
