import { createHash } from 'node:crypto';
import { CardError } from '../transport.ts';
import { byteAt, concat, equalBytes } from './bytes.ts';
import { modulusLength, rsaRaw, type RawRsaKey } from './rsa.ts';

/**
 * ISO/IEC 9796-2 scheme 1 with SHA-256 and partial message recovery, the layout the middleware
 * uses for the terminal CV certificate and both DAPP authentications (docs/cie-protocol.md §3.4):
 * `6A ‖ recoverable part (k − 34 bytes) ‖ SHA-256(whole message) ‖ BC`, signed with raw RSA.
 */
const HASH_LENGTH = 32;
const HEADER = 0x6a;
const TRAILER = 0xbc;

export const recoverableLength = (key: RawRsaKey): number => modulusLength(key) - HASH_LENGTH - 2;

export interface Iso9796Signature {
  signature: Uint8Array;
  /** The part of the message the signature does not carry (the CV certificate's `5F38`). */
  remainder: Uint8Array;
}

export function signIso9796(key: RawRsaKey, message: Uint8Array): Iso9796Signature {
  const room = recoverableLength(key);
  if (message.length < room) throw new RangeError('ISO 9796-2 message shorter than the recoverable part');
  const hash = createHash('sha256').update(message).digest();
  const block = concat(Uint8Array.of(HEADER), message.subarray(0, room), hash, Uint8Array.of(TRAILER));
  return { signature: rsaRaw(key, block), remainder: message.subarray(room) };
}

export interface Iso9796Recovered {
  recovered: Uint8Array;
  hash: Uint8Array;
}

/** Opens a signature with the public key: header, trailer and layout are checked, the hash is returned. */
export function openIso9796(key: RawRsaKey, signature: Uint8Array, what: string): Iso9796Recovered {
  const k = modulusLength(key);
  const block = signature.length === k ? rsaRaw(key, signature) : undefined;
  if (!block || byteAt(block, 0) !== HEADER || byteAt(block, k - 1) !== TRAILER) {
    throw new CardError('PROTOCOL', `${what}: not an ISO 9796-2 signature under the expected key`);
  }
  return { recovered: block.subarray(1, k - HASH_LENGTH - 1), hash: block.subarray(k - HASH_LENGTH - 1, k - 1) };
}

/** Checks that the signature's hash covers the recovered part followed by the part sent alongside. */
export const hashMatches = (opened: Iso9796Recovered, nonRecoverable: Uint8Array): boolean =>
  equalBytes(opened.hash, createHash('sha256').update(concat(opened.recovered, nonRecoverable)).digest());
