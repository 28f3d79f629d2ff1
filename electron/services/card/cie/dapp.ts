import { randomBytes } from 'node:crypto';
import { CardError } from '../transport.ts';
import { expectOk, type Command } from './apdu.ts';
import { concat, fromHex, stripLeadingZeros } from './bytes.ts';
import type { DhExchange } from './dh.ts';
import { hashMatches, openIso9796, recoverableLength, signIso9796 } from './iso9796.ts';
import type { CardChannel } from './plain-channel.ts';
import type { RawRsaKey } from './rsa.ts';
import type { SecureChannel } from './secure-messaging.ts';
import { encodeTlv, findPath, parseTlv } from './tlv.ts';

/**
 * DAPP, "device authentication with privacy protection" (docs/cie-protocol.md §3.4, MWL IAS.cpp
 * `DAPP`, PAGOPA d_app_ext.kt): the terminal proves itself with a CV certificate signed by the
 * CA whose public key the card holds as key 0x84, then the chip proves it holds the private half
 * of EF 1004. Both signatures bind the DH values, so a relay cannot splice two sessions.
 */

/** The terminal key material the middleware publishes (MWL ExtAuthKey.cpp, IAS.cpp); configuration, never code. */
export interface DappKeys {
  /** Private exponent of the CA that signs terminal certificates; its modulus comes from the card (key 0x84). */
  caPrivateExponent: Uint8Array;
  terminalModulus: Uint8Array;
  terminalPublicExponent: Uint8Array;
  terminalPrivateExponent: Uint8Array;
}

/** The card's CA public key (0x84) and the references derived from it (§3.1 step 6). */
export interface CardCa {
  key: RawRsaKey;
  /** Certification authority reference: the CA's CHR without its first 4 bytes. */
  car: Uint8Array;
  /** First 6 bytes of the CA's CHA. */
  aid: Uint8Array;
}

const CA_KEY_REQUEST = fromHex('4D09 7007 BFA00403 7F4980');
/** Terminal serial number and certificate constants, as the middleware sends them. */
const SN_IFD = fromHex('2000000000000001');
const CHR = concat(fromHex('00000000'), SN_IFD);
const CPI = 0x8a;
const TERMINAL_OID = fromHex('2A8122F42A02040104');
/** Algorithm 41 (ISO 9796-2 scheme 1, SHA-256) for the certificate, 9B (DH with SHA-256) for the chip. */
const CERTIFICATE_ALGORITHM = 0x41;
const CHIP_ALGORITHM = 0x9b;
const CA_KEY = 0x84;
const CHIP_KEY = 0x82;
const CHALLENGE_LENGTH = 8;

export async function readCardCa(channel: CardChannel): Promise<CardCa> {
  const data = expectOk(
    'GET DATA (CA key)',
    await channel.send({ ins: 0xcb, p1: 0x3f, p2: 0xff, data: CA_KEY_REQUEST }),
  );
  const template = findPath(parseTlv(data), 0x70, 0xbfa004, 0x7f49).children;
  const field = (tag: number) => {
    const node = template.find((n) => n.tag === tag);
    if (!node) throw new CardError('PROTOCOL', `The card's CA key lacks tag ${tag.toString(16).toUpperCase()}`);
    return node.value;
  };
  const chr = field(0x5f20);
  const cha = field(0x5f4c);
  if (chr.length <= 4 || cha.length < 6) throw new CardError('PROTOCOL', "The card's CA references are too short");
  return {
    key: { modulus: stripLeadingZeros(field(0x81)), exponent: stripLeadingZeros(field(0x82)) },
    car: chr.subarray(4),
    aid: cha.subarray(0, 6),
  };
}

const fourBytes = (exponent: Uint8Array): Uint8Array => {
  const trimmed = stripLeadingZeros(exponent);
  if (trimmed.length > 4) throw new RangeError('Terminal public exponent longer than 4 bytes');
  return concat(new Uint8Array(4 - trimmed.length), trimmed);
};

/** The terminal CV certificate `7F21 {5F37 signature, 5F38 remainder, 42 CAR}` (§3.4 step 1). */
export function buildTerminalCertificate(ca: CardCa, keys: DappKeys): Uint8Array {
  const body = concat(
    Uint8Array.of(CPI),
    ca.car,
    CHR,
    ca.aid,
    Uint8Array.of(0x01),
    TERMINAL_OID,
    stripLeadingZeros(keys.terminalModulus),
    fourBytes(keys.terminalPublicExponent),
  );
  const caKey = { modulus: ca.key.modulus, exponent: keys.caPrivateExponent };
  if (body.length < recoverableLength(caKey)) throw new RangeError('Terminal certificate shorter than the CA key');
  const { signature, remainder } = signIso9796(caKey, body);
  return encodeTlv(0x7f21, encodeTlv(0x5f37, signature), encodeTlv(0x5f38, remainder), encodeTlv(0x42, ca.car));
}

/**
 * Runs DAPP over a fresh secure channel and restarts its counter from the two challenges.
 * `chipKey` is EF 1004, read and checked against the SOD before.
 */
export async function runDapp(
  channel: SecureChannel,
  dh: DhExchange,
  ca: CardCa,
  chipKey: RawRsaKey,
  keys: DappKeys,
): Promise<void> {
  const { g, p, q } = dh.parameters;
  const send = async (what: string, command: Command) => expectOk(what, await channel.send(command));

  await send('MSE SET DST (CA key)', {
    ins: 0x22,
    p1: 0x81,
    p2: 0xb6,
    data: concat(encodeTlv(0x80, Uint8Array.of(CERTIFICATE_ALGORITHM)), encodeTlv(0x83, Uint8Array.of(CA_KEY))),
  });
  await send('PSO VERIFY CERTIFICATE', { ins: 0x2a, p1: 0x00, p2: 0xae, data: buildTerminalCertificate(ca, keys) });

  // External authentication: the recoverable part is a random PRND filling the block, the hash
  // binds it to both DH public values, the terminal serial, the card's challenge and the group.
  await send('MSE SET AT (terminal key)', { ins: 0x22, p1: 0x81, p2: 0xa4, data: encodeTlv(0x83, CHR) });
  const rndIcc = await send('GET CHALLENGE', { ins: 0x84, p1: 0, p2: 0, le: CHALLENGE_LENGTH });
  if (rndIcc.length !== CHALLENGE_LENGTH) throw new CardError('PROTOCOL', 'The card challenge is not 8 bytes');
  const terminalKey = { modulus: keys.terminalModulus, exponent: keys.terminalPrivateExponent };
  const prnd = randomBytes(recoverableLength(terminalKey));
  const { signature } = signIso9796(
    terminalKey,
    concat(prnd, dh.terminalPublic, SN_IFD, rndIcc, dh.cardPublic, g, p, q),
  );
  await send('EXTERNAL AUTHENTICATE', { ins: 0x82, p1: 0, p2: 0, data: concat(SN_IFD, signature) });

  // Internal authentication of the chip, mirrored: SN.ICC ‖ signature over PRND2 and the same values.
  await send('MSE SET AT (chip key)', {
    ins: 0x22,
    p1: 0x41,
    p2: 0xa4,
    data: concat(encodeTlv(0x84, Uint8Array.of(CHIP_KEY)), encodeTlv(0x80, Uint8Array.of(CHIP_ALGORITHM))),
  });
  const rndIfd = randomBytes(CHALLENGE_LENGTH);
  const answer = await send('INTERNAL AUTHENTICATE (chip)', { ins: 0x88, p1: 0, p2: 0, data: rndIfd });
  const snIcc = answer.subarray(0, 8);
  const opened = openIso9796(chipKey, answer.subarray(8), 'Chip authentication');
  if (snIcc.length !== 8 || !hashMatches(opened, concat(dh.cardPublic, snIcc, rndIfd, dh.terminalPublic, g, p, q))) {
    throw new CardError('NOT_A_CIE', 'The chip failed DAPP authentication with its EF 1004 key');
  }
  channel.restartCounter(concat(rndIcc.subarray(4, 8), rndIfd.subarray(4, 8)));
}
