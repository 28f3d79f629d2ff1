import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CardError } from '../transport.ts';
import { concat } from './bytes.ts';

/**
 * The ciphers of CIE secure messaging (docs/cie-protocol.md §3.5): two-key 3DES in CBC mode with
 * a zero IV, ISO/IEC 9797-1 padding method 2, and the retail MAC (ISO/IEC 9797-1 MAC algorithm 3).
 * OpenSSL 3 keeps single DES in its legacy provider only, so single-DES steps run as 3DES with
 * K1‖K1, which is the same permutation (E_K1 ∘ D_K1 ∘ E_K1 = E_K1).
 */

const ZERO_IV = new Uint8Array(8);

const checkKey = (key: Uint8Array) => {
  if (key.length !== 16) throw new RangeError('Secure-messaging keys are 16 bytes (two-key 3DES)');
};

/** ISO/IEC 9797-1 method 2: `80` then zeros up to a multiple of 8 bytes. */
export const isoPad = (data: Uint8Array): Uint8Array => {
  const padded = new Uint8Array((Math.floor(data.length / 8) + 1) * 8);
  padded.set(data);
  padded[data.length] = 0x80;
  return padded;
};

export const isoUnpad = (data: Uint8Array): Uint8Array => {
  let end = data.length - 1;
  while (end >= 0 && data[end] === 0x00) end -= 1;
  if (end < 0 || data[end] !== 0x80) throw new CardError('PROTOCOL', 'Secure-messaging data without ISO padding');
  return data.subarray(0, end);
};

const run = (cipher: ReturnType<typeof createCipheriv> | ReturnType<typeof createDecipheriv>, data: Uint8Array) => {
  cipher.setAutoPadding(false);
  return Uint8Array.from(Buffer.concat([cipher.update(data), cipher.final()]));
};

export const tdesEncrypt = (key: Uint8Array, data: Uint8Array): Uint8Array => {
  checkKey(key);
  return run(createCipheriv('des-ede-cbc', key, ZERO_IV), data);
};

export const tdesDecrypt = (key: Uint8Array, data: Uint8Array): Uint8Array => {
  checkKey(key);
  if (data.length % 8 !== 0) throw new CardError('PROTOCOL', 'Secure-messaging cryptogram is not whole 8-byte blocks');
  return run(createDecipheriv('des-ede-cbc', key, ZERO_IV), data);
};

/** Retail MAC over data that is already padded: single-DES CBC with K1, then 3DES on the last block. */
export const retailMac = (key: Uint8Array, padded: Uint8Array): Uint8Array => {
  checkKey(key);
  if (padded.length === 0 || padded.length % 8 !== 0) throw new RangeError('MAC input must be padded');
  const k1 = key.subarray(0, 8);
  const head = padded.subarray(0, padded.length - 8);
  const chained = head.length > 0 ? run(createCipheriv('des-ede-cbc', concat(k1, k1), ZERO_IV), head) : ZERO_IV;
  const carry = chained.subarray(chained.length - 8);
  const last = padded.subarray(padded.length - 8).map((byte, i) => byte ^ (carry[i] ?? 0));
  return run(createCipheriv('des-ede-cbc', key, ZERO_IV), last);
};
