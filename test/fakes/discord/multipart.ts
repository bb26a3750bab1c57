/** What the fake keeps of one uploaded file. */
export interface ReceivedFile {
  readonly field: string;
  readonly filename: string;
  readonly content: string;
  /** The part's bytes as sent (images and other binary files). */
  readonly bytes: Buffer;
}

/**
 * Reads a `multipart/form-data` body the way Discord does for messages with files: the JSON payload is
 * the `payload_json` part and every other part with a filename is a file
 * (https://discord.com/developers/docs/reference#uploading-files).
 */
export function parseMultipart(body: Buffer, contentType: string): { json: unknown; files: ReceivedFile[] } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return { json: undefined, files: [] };
  // latin1 maps bytes one to one, so splitting the text never corrupts a binary part.
  const text = body.toString("latin1");
  let json: unknown;
  const files: ReceivedFile[] = [];
  for (const part of text.split(`--${marker}`)) {
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const bytes = Buffer.from(part.slice(headerEnd + 4).replace(/\r\n$/, ""), "latin1");
    const content = bytes.toString("utf8");
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? "";
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (name === "payload_json") json = JSON.parse(content);
    else if (filename !== undefined) files.push({ field: name, filename, content, bytes });
  }
  return { json, files };
}
