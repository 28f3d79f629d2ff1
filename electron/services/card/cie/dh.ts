import { createHash, randomBytes } from 'node:crypto';
import { CardError } from '../transport.ts';
import { expectOk } from './apdu.ts';
import type { CieChip } from './atr.ts';
import { concat, fromBigInt, fromHex, stripLeadingZeros, toBigInt } from './bytes.ts';
import type { CardChannel } from './plain-channel.ts';
import { modPow } from './rsa.ts';
import type { SmSession } from './secure-messaging.ts';
import { encodeTlv, findPath, parseTlv } from './tlv.ts';

/**
 * The DH key exchange that opens secure messaging (docs/cie-protocol.md §3.2–3.3, MWL IAS.cpp
 * `InitDHParam`/`DHKeyExchange`). Values keep the exact bytes the card sent or received: DAPP
 * hashes them as they are.
 */
export interface DhParameters {
  g: Uint8Array;
  p: Uint8Array;
  q: Uint8Array;
}

export interface DhExchange {
  parameters: DhParameters;
  /** Y_IFD as sent in the MSE SET (as many bytes as p). */
  terminalPublic: Uint8Array;
  /** Y_ICC as the card returned it. */
  cardPublic: Uint8Array;
  session: SmSession;
}

const GET_DATA = { ins: 0xcb, p1: 0x3f, p2: 0xff } as const;
const COMBINED = fromHex('4D08 7006 BFA10102 A380');
const PER_VALUE = (tag: number) => concat(fromHex('4D0A 7008 BFA10104 A302'), Uint8Array.of(tag, 0x00));
const CARD_PUBLIC = fromHex('4D04 A602 9100');

/** Algorithm 9B (DH with SHA-256) and key reference 81, as MSE SET KAT `00 22 41 A6`. */
const DH_ALGORITHM = 0x9b;
const DH_KEY = 0x81;

export async function readDhParameters(channel: CardChannel, chip: CieChip): Promise<DhParameters> {
  if (chip.dhParameters === 'combined') {
    const data = expectOk('GET DATA (DH parameters)', await channel.send({ ...GET_DATA, data: COMBINED }));
    const [g, p, q] = findPath(parseTlv(data), 0x70, 0xbfa101, 0xa3).children;
    if (!g || !p || !q) throw new CardError('PROTOCOL', 'The card returned incomplete DH parameters');
    return { g: g.value, p: p.value, q: q.value };
  }
  const value = async (tag: number) => {
    const data = expectOk('GET DATA (DH parameter)', await channel.send({ ...GET_DATA, data: PER_VALUE(tag) }));
    const first = findPath(parseTlv(data), 0x70, 0xbfa101, 0xa3).children[0];
    if (!first) throw new CardError('PROTOCOL', 'The card returned an empty DH parameter');
    return first.value;
  };
  return { g: await value(0x97), p: await value(0x98), q: await value(0x99) };
}

/** K = SHA-256(Z ‖ counter)[0..16] with counter 1 for encryption and 2 for the MAC (§3.3). */
export function deriveSessionKeys(secret: Uint8Array): Pick<SmSession, 'enc' | 'mac'> {
  const derive = (counter: number) =>
    Uint8Array.from(
      createHash('sha256')
        .update(concat(secret, Uint8Array.of(0, 0, 0, counter)))
        .digest(),
    ).subarray(0, 16);
  return { enc: derive(1), mac: derive(2) };
}

/** A private exponent uniform in [2, q − 1]. */
function privateExponent(q: bigint, length: number): bigint {
  for (;;) {
    const x = toBigInt(randomBytes(length));
    if (x > 1n && x < q) return x;
  }
}

/** Runs the exchange over the plain channel and returns the secure-messaging session it opens. */
export async function exchangeDhKeys(channel: CardChannel, parameters: DhParameters): Promise<DhExchange> {
  const p = toBigInt(parameters.p);
  const q = toBigInt(parameters.q);
  const g = toBigInt(parameters.g);
  const length = stripLeadingZeros(parameters.p).length;
  if (p < 3n || q < 2n || g < 2n || g >= p) throw new CardError('PROTOCOL', 'The card sent unusable DH parameters');
  const x = privateExponent(q, stripLeadingZeros(parameters.q).length);
  const terminalPublic = fromBigInt(modPow(g, x, p), length);

  const mse = concat(
    encodeTlv(0x80, Uint8Array.of(DH_ALGORITHM)),
    encodeTlv(0x83, Uint8Array.of(DH_KEY)),
    encodeTlv(0x91, terminalPublic),
  );
  expectOk('MSE SET (DH)', await channel.send({ ins: 0x22, p1: 0x41, p2: 0xa6, data: mse }));
  const answer = expectOk('GET DATA (card DH key)', await channel.send({ ...GET_DATA, data: CARD_PUBLIC }));
  const cardPublic = findPath(parseTlv(answer), 0xa6, 0x91).value;

  const y = toBigInt(cardPublic);
  // A value outside the subgroup would leak bits of x or force a known secret.
  if (y <= 1n || y >= p - 1n || modPow(y, q, p) !== 1n) {
    throw new CardError('PROTOCOL', "The card's DH public key is not in the group");
  }
  const secret = fromBigInt(modPow(y, x, p), length);
  const ssc = new Uint8Array(8);
  ssc[7] = 1;
  return { parameters, terminalPublic, cardPublic, session: { ...deriveSessionKeys(secret), ssc } };
}
