import { randomBytes } from 'node:crypto';
import { CardError } from '../transport.ts';
import { expectOk, SW, swHex } from './apdu.ts';
import type { CardChannel } from './plain-channel.ts';
import { isPkcs1Type1Signature, type RawRsaKey } from './rsa.ts';

/** Key reference of the "servizi" internal-authentication key, and algorithm 02 (PKCS#1, no formatting). */
const SERVICES_KEY = 0x83;
const ALGORITHM_PKCS1 = 0x02;
/** NISC's challenge size; any fresh value of 16 up to k − 11 bytes would do. */
const CHALLENGE_LENGTH = 32;

/** Reads EF.ID_Servizi by SFI 1 (`00 B0 81 00 0C`): twelve ASCII digits. */
export async function readNis(channel: CardChannel): Promise<string> {
  const response = await channel.send({ ins: 0xb0, p1: 0x81, p2: 0x00, le: 12 });
  if (response.sw !== SW.OK) throw new CardError('NOT_A_CIE', `The card has no NIS (${swHex(response.sw)})`);
  const nis = Buffer.from(response.data).toString('latin1');
  if (!/^\d{12}$/.test(nis)) throw new CardError('NOT_A_CIE', 'The NIS on the card is not twelve digits');
  return nis;
}

/** MSE SET for authentication (AT) with an algorithm and a key reference: `00 22 41 A4 80 01 alg 84 01 key`. */
export async function selectAuthenticationKey(channel: CardChannel, algorithm: number, key: number): Promise<void> {
  const data = Uint8Array.of(0x80, 0x01, algorithm, 0x84, 0x01, key);
  expectOk('MSE SET AT', await channel.send({ ins: 0x22, p1: 0x41, p2: 0xa4, data }));
}

/**
 * Proves the card holds the private half of EF 1005: a fresh random challenge, INTERNAL
 * AUTHENTICATE with key 0x83, and an exact PKCS#1 type-1 check. A card that fails is not a
 * genuine CIE (a copy of the public files cannot answer).
 */
export async function authenticateServicesKey(channel: CardChannel, servicesKey: RawRsaKey): Promise<void> {
  await selectAuthenticationKey(channel, ALGORITHM_PKCS1, SERVICES_KEY);
  const challenge = randomBytes(CHALLENGE_LENGTH);
  const signature = expectOk('INTERNAL AUTHENTICATE', await channel.send({ ins: 0x88, p1: 0, p2: 0, data: challenge }));
  if (!isPkcs1Type1Signature(servicesKey, challenge, signature)) {
    throw new CardError('NOT_A_CIE', "The card's internal authentication does not match its public key");
  }
}
