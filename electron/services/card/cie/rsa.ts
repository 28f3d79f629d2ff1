import { createPublicKey } from 'node:crypto';
import { CardError } from '../transport.ts';
import { equalBytes, fromBigInt, stripLeadingZeros, toBigInt } from './bytes.ts';

/**
 * Raw RSA (no padding) with keys given as modulus and exponent bytes. The DAPP keys of the
 * official middleware are published as modulus and private exponent only (no CRT primes), which
 * Node's key objects cannot load, so the arithmetic is done here; DH uses the same operation.
 */
export interface RawRsaKey {
  modulus: Uint8Array;
  exponent: Uint8Array;
}

/** Left-to-right exponentiation with a fixed 4-bit window. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  const table = [1n, base % modulus];
  for (let i = 2; i < 16; i += 1) table.push(((table[i - 1] ?? 1n) * (table[1] ?? 1n)) % modulus);
  let result = 1n;
  const digits = exponent.toString(16);
  for (const digit of digits) {
    for (let i = 0; i < 4; i += 1) result = (result * result) % modulus;
    const factor = table[Number.parseInt(digit, 16)] ?? 1n;
    if (factor !== 1n) result = (result * factor) % modulus;
  }
  return result;
}

export const modulusLength = (key: RawRsaKey): number => stripLeadingZeros(key.modulus).length;

/** input^exponent mod n, as many bytes as the modulus; the input must be a number below n. */
export function rsaRaw(key: RawRsaKey, input: Uint8Array): Uint8Array {
  const n = toBigInt(key.modulus);
  const m = toBigInt(input);
  if (m >= n) throw new CardError('PROTOCOL', 'RSA input is not below the modulus');
  return fromBigInt(modPow(m, toBigInt(key.exponent), n), modulusLength(key));
}

/** A PKCS#1 RSAPublicKey (the CIE's EF 1004 and EF 1005), checked by Node's parser. */
export function parseRsaPublicKey(der: Uint8Array): RawRsaKey {
  try {
    const jwk = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'pkcs1' }).export({ format: 'jwk' });
    if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new Error('not an RSA key');
    return { modulus: Buffer.from(jwk.n, 'base64url'), exponent: Buffer.from(jwk.e, 'base64url') };
  } catch (error) {
    throw new CardError('PROTOCOL', `The card's public key is not a PKCS#1 RSA key (${(error as Error).message})`);
  }
}

/**
 * Checks a card signature made with PKCS#1 v1.5 block type 1 over `message` (no hashing): s^e mod n
 * must be exactly `00 01 FF…FF 00 ‖ message` with at least 8 bytes of FF (RFC 8017 §9.2). Anything
 * else, including a right message at the end of a wrong block, is refused (docs/cie-protocol.md §2.2).
 */
export function isPkcs1Type1Signature(key: RawRsaKey, message: Uint8Array, signature: Uint8Array): boolean {
  const k = modulusLength(key);
  if (signature.length !== k || message.length > k - 11) return false;
  let block: Uint8Array;
  try {
    block = rsaRaw(key, signature);
  } catch {
    return false;
  }
  const expected = new Uint8Array(k).fill(0xff);
  expected[0] = 0x00;
  expected[1] = 0x01;
  expected[k - message.length - 1] = 0x00;
  expected.set(message, k - message.length);
  return equalBytes(block, expected);
}
