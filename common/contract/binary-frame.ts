/**
 * How a message carrying bytes (an attachment, a preview, an export's slice) crosses the web
 * host's WebSocket: one binary frame instead of base64 inside JSON, which cost the page a string
 * a third larger than the file, parsed and decoded on its one thread and left for the garbage
 * collector. Electron's IPC carries `Uint8Array` as it is and needs none of this.
 *
 * Layout: the JSON header's length (4 bytes, big-endian), the header (UTF-8), then every byte
 * field back to back. In the header each byte field is `{"$bytes":[offset,length]}`, offsets
 * counted from the end of the header. Messages without bytes stay text frames of plain JSON.
 */

// Node and every browser have the WHATWG text codecs; ES2023's library, all `common` may assume, does not declare them.
const { TextEncoder: Utf8Encoder, TextDecoder: Utf8Decoder } = globalThis as unknown as {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: 'utf-8', options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
};

const MARKER = '$bytes';
const HEADER_LENGTH_BYTES = 4;

/** A message as the frame to send: its JSON text, or one binary frame when it holds bytes. */
export function encodeFrame(message: unknown): string | Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const header = JSON.stringify(message, function (this: Record<string, unknown>, key, value: unknown) {
    // `this[key]` is the field before Buffer's own toJSON turned it into an array of numbers.
    const original = this[key];
    if (!(original instanceof Uint8Array)) return value;
    parts.push(original);
    size += original.byteLength;
    return { [MARKER]: [size - original.byteLength, original.byteLength] };
  });
  if (parts.length === 0) return header;
  const headerBytes = new Utf8Encoder().encode(header);
  const frame = new Uint8Array(HEADER_LENGTH_BYTES + headerBytes.byteLength + size);
  new DataView(frame.buffer).setUint32(0, headerBytes.byteLength);
  frame.set(headerBytes, HEADER_LENGTH_BYTES);
  let at = HEADER_LENGTH_BYTES + headerBytes.byteLength;
  for (const part of parts) {
    frame.set(part, at);
    at += part.byteLength;
  }
  return frame;
}

const isMarker = (value: unknown): value is Record<typeof MARKER, [number, number]> => {
  if (typeof value !== 'object' || value === null || Object.keys(value).length !== 1) return false;
  const span = (value as Record<string, unknown>)[MARKER];
  return Array.isArray(span) && span.length === 2 && span.every((n) => Number.isSafeInteger(n) && n >= 0);
};

/**
 * The message a frame carries: a text frame's JSON, or a binary frame's header with its byte
 * fields as views into the frame (no copy). Throws on a frame that is not one of these, as
 * JSON.parse does on bad text.
 */
export function decodeFrame(frame: string | ArrayBuffer | Uint8Array): unknown {
  if (typeof frame === 'string') return JSON.parse(frame);
  const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
  if (bytes.byteLength < HEADER_LENGTH_BYTES) throw new Error('binary frame shorter than its header length');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const payloadStart = HEADER_LENGTH_BYTES + headerLength;
  if (payloadStart > bytes.byteLength) throw new Error('binary frame shorter than its header');
  const header = new Utf8Decoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER_LENGTH_BYTES, payloadStart));
  const payloadLength = bytes.byteLength - payloadStart;
  return JSON.parse(header, (_key, value: unknown) => {
    if (!isMarker(value)) return value;
    const [offset, length] = value[MARKER];
    if (offset + length > payloadLength) throw new Error('binary frame field outside the frame');
    return bytes.subarray(payloadStart + offset, payloadStart + offset + length);
  });
}
