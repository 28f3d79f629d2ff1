import { createHash } from 'node:crypto';
import { expectOk } from './apdu.ts';
import { concat, fromHex } from './bytes.ts';
import { selectAuthenticationKey } from './nis.ts';
import type { CardChannel } from './plain-channel.ts';

/** DER prefix of DigestInfo for SHA-256 (RFC 8017 §9.2 note 1). Mechanism.cpp's SHA-1 prefix is not it (§4). */
const SHA256_DIGEST_INFO = fromHex('3031300D060960864801650304020105000420');
const AUTHENTICATION_KEY = 0x81;
const ALGORITHM_PKCS1 = 0x02;

export const sha256DigestInfo = (message: Uint8Array): Uint8Array =>
  concat(SHA256_DIGEST_INFO, createHash('sha256').update(message).digest());

/**
 * Signs with the authentication key (0x81) after VERIFY PIN: MSE SET AT `80 01 02 84 01 81`,
 * then INTERNAL AUTHENTICATE with DigestInfo(SHA-256(message)); the card adds PKCS#1 v1.5 type-1
 * padding, so the result is a standard RSASSA-PKCS1-v1_5 SHA-256 signature (§4).
 */
export async function signWithAuthenticationKey(channel: CardChannel, message: Uint8Array): Promise<Uint8Array> {
  await selectAuthenticationKey(channel, ALGORITHM_PKCS1, AUTHENTICATION_KEY);
  return expectOk(
    'INTERNAL AUTHENTICATE (sign)',
    await channel.send({ ins: 0x88, p1: 0, p2: 0, data: sha256DigestInfo(message) }),
  );
}
