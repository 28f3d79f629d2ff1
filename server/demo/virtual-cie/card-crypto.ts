import { constants, createHash, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';

/** Raw RSA and hashing as the card's chip does them. */

export const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();

export const modulusBytes = (key: KeyObject): number => (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8;

/** input^e mod n; null if the input is not a number below n of the modulus length. */
export function rsaPublicRaw(key: KeyObject, input: Buffer): Buffer | null {
  if (input.length !== modulusBytes(key)) return null;
  try {
    return publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, input);
  } catch {
    return null;
  }
}

/** input^d mod n (the private operation without padding). */
export const rsaPrivateRaw = (key: KeyObject, input: Buffer): Buffer =>
  privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, input);

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

export const toBigInt = (bytes: Buffer): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`));

export const toBytes = (value: bigint, length: number): Buffer =>
  Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');

/**
 * ISO/IEC 9796-2 scheme 1 opened with a public key: `6A ‖ recovered ‖ SHA-256 ‖ BC`. Returns
 * the recovered part when the hash covers it followed by `rest`, null otherwise.
 */
export function openIso9796(key: KeyObject, signature: Buffer, rest: (recovered: Buffer) => Buffer): Buffer | null {
  const block = rsaPublicRaw(key, signature);
  if (!block || block[0] !== 0x6a || block[block.length - 1] !== 0xbc) return null;
  const recovered = block.subarray(1, block.length - 33);
  const hash = block.subarray(block.length - 33, block.length - 1);
  return sha256(recovered, rest(recovered)).equals(hash) ? recovered : null;
}
