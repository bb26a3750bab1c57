/**
 * The width and height a PNG's header gives, or undefined when the bytes are not a PNG: the eight-byte
 * signature, then the IHDR chunk, whose first eight bytes are the size.
 */
export function pngSize(data: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (data.byteLength < 24 || signature.some((byte, index) => data[index] !== byte)) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (String.fromCharCode(...data.subarray(12, 16)) !== "IHDR") return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
