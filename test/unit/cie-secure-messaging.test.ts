import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../electron/services/card/cie/bytes.ts';
import {
  createSecureChannel,
  incrementSsc,
  protectCommand,
  unprotectResponse,
  type SmSession,
} from '../../electron/services/card/cie/secure-messaging.ts';
import { isoPad, isoUnpad, retailMac, tdesDecrypt, tdesEncrypt } from '../../electron/services/card/cie/sm-crypto.ts';
import { CardError, type CardTransport } from '../../electron/services/card/transport.ts';
import { unwrapCommand, wrapResponse, type CardSmSession } from '../../server/demo/virtual-cie/secure-messaging.ts';

/**
 * CIE secure messaging is the ICAO 9303 BAC scheme (3DES, retail MAC, DO 87/97/99/8E, SSC before
 * command and response), so the worked example of ICAO Doc 9303 Part 11 Appendix D.4 is an
 * independent, published vector for every step.
 */
const KS_ENC = fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5');
const KS_MAC = fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8');
const icaoSession = (): SmSession => ({ enc: KS_ENC, mac: KS_MAC, ssc: fromHex('887022120C06C226') });

describe('secure messaging against ICAO 9303-11 Appendix D.4', () => {
  it('protects SELECT EF.COM and checks the answer, advancing the counter twice', () => {
    const session = icaoSession();
    const command = protectCommand(session, { ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });
    expect(hex(command)).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    expect(hex(session.ssc)).toBe('887022120C06C227');
    const answer = unprotectResponse(session, fromHex('990290008E08FA855A5D4C50A8ED'));
    expect(answer.sw).toBe(0x9000);
    expect(answer.data).toHaveLength(0);
    expect(hex(session.ssc)).toBe('887022120C06C228');
  });

  it('protects READ BINARY with DO 97 and decrypts DO 87', () => {
    const session = { ...icaoSession(), ssc: fromHex('887022120C06C228') };
    expect(hex(protectCommand(session, { ins: 0xb0, p1: 0, p2: 0, le: 4 }))).toBe(
      '0CB000000D9701048E08ED6705417E96BA5500',
    );
    const answer = unprotectResponse(session, fromHex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED'));
    expect(hex(answer.data)).toBe('60145F01');
    expect(answer.sw).toBe(0x9000);
  });

  it('computes the retail MAC and the cryptogram of the example', () => {
    const n = fromHex('887022120C06C2270CA4020C800000008709016375432908C044F6');
    expect(hex(retailMac(KS_MAC, isoPad(n)))).toBe('BF8B92D635FF24F8');
    expect(hex(tdesEncrypt(KS_ENC, isoPad(fromHex('011E'))))).toBe('6375432908C044F6');
    expect(hex(isoUnpad(tdesDecrypt(KS_ENC, fromHex('6375432908C044F6'))))).toBe('011E');
  });

  it('refuses an answer whose MAC does not match, and one without DO 99', () => {
    const session = { ...icaoSession(), ssc: fromHex('887022120C06C227') };
    expect(() => unprotectResponse(session, fromHex('990290008E08FA855A5D4C50A8EE'))).toThrow(CardError);
    expect(() => unprotectResponse(session, fromHex('8E08FA855A5D4C50A8ED'))).toThrow(/status or MAC/);
  });
});

describe('padding and counter', () => {
  it('pads to the next full block, a whole block getting a block of its own', () => {
    expect(hex(isoPad(fromHex('01')))).toBe('0180000000000000');
    expect(hex(isoPad(fromHex('0102030405060708')))).toBe('01020304050607088000000000000000');
    expect(hex(isoUnpad(fromHex('0102030405060708 8000000000000000')))).toBe('0102030405060708');
    expect(() => isoUnpad(fromHex('0102030405060700'))).toThrow(/padding/);
  });

  it('increments the counter big-endian with carry', () => {
    const ssc = fromHex('00000000000000FF');
    incrementSsc(ssc);
    expect(hex(ssc)).toBe('0000000000000100');
    const full = fromHex('FFFFFFFFFFFFFFFF');
    incrementSsc(full);
    expect(hex(full)).toBe('0000000000000000');
  });
});

/** A card that speaks only secure messaging, with the virtual CIE's own (independent) SM code. */
function scriptedCard(session: CardSmSession, answer: (data: Buffer, header: Buffer) => { data: Buffer; sw: number }) {
  const sent: Buffer[] = [];
  let pending: Buffer | undefined;
  const transport: CardTransport = {
    atr: new Uint8Array(0),
    reset: async () => undefined,
    close: async () => undefined,
    transmit: async (apdu) => {
      const bytes = Buffer.from(apdu);
      sent.push(bytes);
      if (bytes[1] === 0xc0) {
        const rest = pending ?? Buffer.alloc(0);
        pending = undefined;
        return Buffer.concat([rest, Buffer.of(0x90, 0x00)]);
      }
      const opened = unwrapCommand(session, bytes.subarray(0, 4), bytes.subarray(5, 5 + (bytes[4] ?? 0)));
      if ('error' in opened) return Buffer.of(0x69, 0x88);
      const reply = answer(opened.data, bytes.subarray(0, 4));
      if (reply.sw !== 0x9000) return Buffer.of(reply.sw >> 8, reply.sw & 0xff);
      const wrapped = wrapResponse(session, reply.data, reply.sw);
      if (wrapped.length <= 256) return Buffer.concat([wrapped, Buffer.of(0x90, 0x00)]);
      pending = wrapped.subarray(256);
      return Buffer.concat([wrapped.subarray(0, 256), Buffer.of(0x61, pending.length)]);
    },
  };
  return { transport, sent };
}

describe('secure channel against the virtual card', () => {
  const keys = () => ({ enc: Buffer.from(KS_ENC), mac: Buffer.from(KS_MAC) });
  const ssc = () => Buffer.from('0000000000000001', 'hex');

  it('chains data over 231 bytes in protected pieces with CLA 1C, the card seeing the whole data', async () => {
    const card = { ...keys(), ssc: ssc() };
    const received: Buffer[] = [];
    const { transport, sent } = scriptedCard(card, (data) => {
      received.push(data);
      return { data: Buffer.alloc(0), sw: 0x9000 };
    });
    const channel = createSecureChannel(transport, { ...keys(), ssc: ssc() });
    const data = Uint8Array.from({ length: 500 }, (_, i) => i & 0xff);
    const answer = await channel.send({ ins: 0x2a, p1: 0x00, p2: 0xae, data });
    expect(answer.sw).toBe(0x9000);
    expect(sent.map((apdu) => apdu[0])).toEqual([0x1c, 0x1c, 0x0c]);
    expect(sent.every((apdu) => apdu.length <= 5 + 255 + 1)).toBe(true);
    expect(received.map((piece) => piece.length)).toEqual([231, 231, 38]);
    expect(Buffer.concat(received)).toEqual(Buffer.from(data));
  });

  it('collects a long protected answer through 61xx and GET RESPONSE before unwrapping', async () => {
    const card = { ...keys(), ssc: ssc() };
    const signature = Buffer.alloc(256, 0xab);
    const { transport, sent } = scriptedCard(card, () => ({ data: signature, sw: 0x9000 }));
    const channel = createSecureChannel(transport, { ...keys(), ssc: ssc() });
    const answer = await channel.send({ ins: 0x88, p1: 0, p2: 0, data: new Uint8Array(51) });
    expect(Buffer.from(answer.data)).toEqual(signature);
    expect(sent.map((apdu) => hex(apdu.subarray(0, 2)))).toEqual(['0C88', '00C0']);
  });

  it('passes an unprotected error through without moving the counter, so both sides stay in step', async () => {
    const card = { ...keys(), ssc: ssc() };
    let refuse = true;
    const { transport } = scriptedCard(card, () => ({ data: Buffer.alloc(0), sw: refuse ? 0x6982 : 0x9000 }));
    const session = { ...keys(), ssc: ssc() };
    const channel = createSecureChannel(transport, session);
    expect((await channel.send({ ins: 0xb0, p1: 0, p2: 0, le: 256 })).sw).toBe(0x6982);
    expect(hex(session.ssc)).toBe('0000000000000002');
    refuse = false;
    expect((await channel.send({ ins: 0xb0, p1: 0, p2: 0, le: 256 })).sw).toBe(0x9000);
    expect(hex(session.ssc)).toBe('0000000000000004');
  });

  it('restarts the counter from a new value (DAPP step 5)', async () => {
    const card = { ...keys(), ssc: Buffer.from('1122334455667788', 'hex') };
    const { transport } = scriptedCard(card, () => ({ data: Buffer.alloc(0), sw: 0x9000 }));
    const session = { ...keys(), ssc: ssc() };
    const channel = createSecureChannel(transport, session);
    channel.restartCounter(fromHex('1122334455667788'));
    expect((await channel.send({ ins: 0x20, p1: 0, p2: 0x81, data: new Uint8Array(8) })).sw).toBe(0x9000);
    expect(hex(session.ssc)).toBe('112233445566778A');
  });
});
