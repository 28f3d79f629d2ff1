import { timingSafeEqual } from 'node:crypto';
import { CardError } from '../transport.ts';

/** Byte helpers for card data. Indexing a Uint8Array is typed `number | undefined`; these check bounds once. */

export const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

export const fromHex = (text: string): Uint8Array => {
  const clean = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new RangeError(`Not a hex string: ${text}`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
};

export const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && (a.length === 0 || timingSafeEqual(a, b));

/** The byte at `index`; a card answer too short for it is a protocol error, not a crash. */
export const byteAt = (bytes: Uint8Array, index: number): number => {
  const value = bytes[index];
  if (value === undefined) throw new CardError('PROTOCOL', `Card data too short: no byte at ${index}`);
  return value;
};

export const toBigInt = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${hex(bytes)}`));

/** Big-endian, left-padded to `length` bytes (card values keep their full width: DH publics, RSA blocks). */
export const fromBigInt = (value: bigint, length: number): Uint8Array => {
  const digits = value.toString(16);
  if (value < 0n || digits.length > length * 2) throw new RangeError(`Value does not fit in ${length} bytes`);
  return fromHex(digits.padStart(length * 2, '0'));
};

/** Strips leading zero bytes, as the middleware does for moduli and exponents read from the card. */
export const stripLeadingZeros = (bytes: Uint8Array): Uint8Array => {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  return bytes.subarray(start);
};
