/**
 * The card's own BER-TLV reader and writer. The virtual CIE does not share code with the client
 * (electron/services/card/cie): it is the client's test oracle, and a bug both sides shared
 * would pass unnoticed.
 */
export interface CardTlv {
  tag: number;
  value: Buffer;
  /** Tag, length and value as received (MAC input needs the exact bytes). */
  raw: Buffer;
}

/** Parses a flat list of TLV objects; null when the bytes are not well-formed. */
export function readTlvs(bytes: Buffer): CardTlv[] | null {
  const out: CardTlv[] = [];
  let i = 0;
  while (i < bytes.length) {
    const start = i;
    let tag = bytes[i++] ?? 0;
    if ((tag & 0x1f) === 0x1f) {
      let more = true;
      while (more) {
        if (i >= bytes.length || i - start > 3) return null;
        const next = bytes[i++] ?? 0;
        tag = tag * 256 + next;
        more = (next & 0x80) !== 0;
      }
    }
    if (i >= bytes.length) return null;
    let length = bytes[i++] ?? 0;
    if (length > 0x80) {
      const count = length & 0x7f;
      if (count > 2 || i + count > bytes.length) return null;
      length = bytes.readUIntBE(i, count);
      i += count;
    } else if (length === 0x80) return null;
    if (i + length > bytes.length) return null;
    out.push({ tag, value: bytes.subarray(i, i + length), raw: bytes.subarray(start, i + length) });
    i += length;
  }
  return out;
}

const tagOf = (tag: number): Buffer => {
  const bytes: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) bytes.unshift(t % 256);
  return Buffer.from(bytes);
};

export function tlv(tag: number, ...values: Buffer[]): Buffer {
  const value = Buffer.concat(values);
  const n = value.length;
  const length = n < 0x80 ? Buffer.of(n) : n < 0x100 ? Buffer.of(0x81, n) : Buffer.of(0x82, n >> 8, n & 0xff);
  return Buffer.concat([tagOf(tag), length, value]);
}
