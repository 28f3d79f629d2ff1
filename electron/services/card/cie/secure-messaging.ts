import { CardError, type CardTransport } from '../transport.ts';
import { decodeResponse, encodeLe, type Command, type Response, SW } from './apdu.ts';
import { concat, equalBytes } from './bytes.ts';
import { collectResponse, type CardChannel } from './plain-channel.ts';
import { isoPad, isoUnpad, retailMac, tdesDecrypt, tdesEncrypt } from './sm-crypto.ts';
import { encodeTlv, parseTlv, type TlvNode } from './tlv.ts';

/**
 * CIE secure messaging (docs/cie-protocol.md §3.5, after MWL IAS.cpp `SM`/`respSM` and PAGOPA
 * ApduSecureMessageManager.kt): ISO 7816-4 protection with DO 87/85 (cryptogram), 97 (Le),
 * 99 (status) and 8E (MAC), the send sequence counter incremented before each command and again
 * before each response check.
 */
export interface SmSession {
  enc: Uint8Array;
  mac: Uint8Array;
  /** Send sequence counter, 8 bytes big-endian; advanced in place. */
  ssc: Uint8Array;
}

/** Plain data per protected command: 231 bytes pad to 232 and wrap into a short APDU. */
export const SM_BLOCK = 0xe7;

/** Outer status words that carry a protected answer; any other is the card's unprotected verdict. */
const PROTECTED_SW = new Set<number>([SW.OK, SW.END_OF_FILE, SW.WRONG_OFFSET]);

export function incrementSsc(ssc: Uint8Array): void {
  for (let i = ssc.length - 1; i >= 0; i -= 1) {
    ssc[i] = ((ssc[i] ?? 0) + 1) & 0xff;
    if (ssc[i] !== 0) return;
  }
}

const macOver = (session: SmSession, ...parts: Uint8Array[]) => retailMac(session.mac, isoPad(concat(...parts)));

/** Wraps one command (no chaining here) and advances the counter. */
export function protectCommand(session: SmSession, command: Command): Uint8Array {
  incrementSsc(session.ssc);
  const header = Uint8Array.of((command.cla ?? 0) | 0x0c, command.ins, command.p1, command.p2);
  const data = command.data ?? new Uint8Array(0);
  // The padded copy is plaintext (the PIN, for a VERIFY): zeroed as soon as it is encrypted.
  const padded = isoPad(data);
  let cryptogram: Uint8Array;
  try {
    cryptogram =
      data.length === 0
        ? new Uint8Array(0)
        : command.ins & 1
          ? encodeTlv(0x85, tdesEncrypt(session.enc, padded))
          : encodeTlv(0x87, Uint8Array.of(0x01), tdesEncrypt(session.enc, padded));
  } finally {
    padded.fill(0);
  }
  const expected = command.le === undefined ? new Uint8Array(0) : encodeTlv(0x97, Uint8Array.of(encodeLe(command.le)));
  const mac = macOver(session, session.ssc, isoPad(header), cryptogram, expected);
  const body = concat(cryptogram, expected, encodeTlv(0x8e, mac));
  if (body.length > 255) throw new RangeError('Protected command too long for a short APDU: chain it');
  return concat(header, Uint8Array.of(body.length), body, Uint8Array.of(0x00));
}

const smFailure = (why: string) => new CardError('PROTOCOL', `Secure messaging: ${why}`);

/** Checks and opens a protected answer; the status word is the one inside DO 99. */
export function unprotectResponse(session: SmSession, body: Uint8Array): Response {
  incrementSsc(session.ssc);
  let cryptogram: Uint8Array | undefined;
  let encrypted: Uint8Array = new Uint8Array(0);
  let status: TlvNode | undefined;
  let mac: Uint8Array | undefined;
  for (const node of parseTlv(body)) {
    if (node.tag === 0x87) {
      if (node.value[0] !== 0x01) throw smFailure('DO 87 without padding indicator 01');
      cryptogram = node.encoded;
      encrypted = node.value.subarray(1);
    } else if (node.tag === 0x85) {
      cryptogram = node.encoded;
      encrypted = node.value;
    } else if (node.tag === 0x99 && node.value.length === 2) status = node;
    else if (node.tag === 0x8e && node.value.length === 8) mac = node.value;
    else throw smFailure(`unexpected data object ${node.tag.toString(16).toUpperCase()}`);
  }
  if (!status || !mac) throw smFailure('answer without status or MAC object');
  const expected = macOver(session, session.ssc, cryptogram ?? new Uint8Array(0), status.encoded);
  if (!equalBytes(expected, mac)) throw smFailure("the card's MAC does not match (wrong session or altered answer)");
  const data = encrypted.length > 0 ? isoUnpad(tdesDecrypt(session.enc, encrypted)) : new Uint8Array(0);
  return { data: Uint8Array.from(data), sw: ((status.value[0] ?? 0) << 8) | (status.value[1] ?? 0) };
}

export interface SecureChannel extends CardChannel {
  /** After DAPP the counter restarts from RND.ICC and RND.IFD (§3.4 step 5). */
  restartCounter(ssc: Uint8Array): void;
}

/**
 * A channel that protects every command. Data over 231 bytes is chained, each piece wrapped on
 * its own with CLA bit `10` on all but the last; `61xx` answers are collected with plain GET
 * RESPONSE before unwrapping; `6Cxx` is retried once with Le = xx.
 */
export function createSecureChannel(transport: CardTransport, session: SmSession): SecureChannel {
  const exchange = async (command: Command): Promise<Response> => {
    const outer = await collectResponse(
      transport,
      decodeResponse(await transport.transmit(protectCommand(session, command))),
    );
    if (!PROTECTED_SW.has(outer.sw)) return { data: new Uint8Array(0), sw: outer.sw };
    return unprotectResponse(session, outer.data);
  };

  const sendChained = async (command: Command): Promise<Response> => {
    const data = command.data ?? new Uint8Array(0);
    const cla = command.cla ?? 0x00;
    for (let offset = 0; ; offset += SM_BLOCK) {
      const piece = data.subarray(offset, offset + SM_BLOCK);
      if (offset + SM_BLOCK >= data.length) return exchange({ ...command, data: piece });
      const response = await exchange({ ...command, cla: cla | 0x10, data: piece, le: undefined });
      if (response.sw !== SW.OK) return response;
    }
  };

  return {
    send: async (command) => {
      const response = await sendChained(command);
      if (response.sw >> 8 === 0x6c) return sendChained({ ...command, le: response.sw & 0xff || 256 });
      return response;
    },
    restartCounter: (ssc) => {
      if (ssc.length !== 8) throw new RangeError('The send sequence counter is 8 bytes');
      session.ssc.set(ssc);
    },
  };
}
