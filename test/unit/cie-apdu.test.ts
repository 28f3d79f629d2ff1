import { describe, expect, it } from 'vitest';
import { decodeResponse, encodeCommand } from '../../electron/services/card/cie/apdu.ts';
import { fromHex, hex } from '../../electron/services/card/cie/bytes.ts';
import { readFile } from '../../electron/services/card/cie/files.ts';
import { createPlainChannel } from '../../electron/services/card/cie/plain-channel.ts';
import { derLength, encodeTlv, findPath, parseTlv } from '../../electron/services/card/cie/tlv.ts';
import { CardError, type CardTransport } from '../../electron/services/card/transport.ts';

/** A transport that answers from a script and records what it was sent. */
function scripted(answer: (apdu: string, index: number) => string) {
  const sent: string[] = [];
  const transport: CardTransport = {
    atr: new Uint8Array(0),
    reset: async () => undefined,
    close: async () => undefined,
    transmit: async (apdu) => {
      sent.push(hex(apdu));
      return fromHex(answer(hex(apdu), sent.length - 1));
    },
  };
  return { transport, sent };
}

describe('BER-TLV as the card sends it', () => {
  it('parses the nested DH answer with three-byte and constructed tags', () => {
    // 70 { BF A1 01 { A3 { 97 02 01 02 } } }, the shape of GET DATA for g (MWL InitDHParam), then 00 filler.
    const nodes = parseTlv(fromHex('700A BFA10106 A304 97020102 00'));
    const g = findPath(nodes, 0x70, 0xbfa101, 0xa3, 0x97);
    expect(hex(g.value)).toBe('0102');
    expect(nodes).toHaveLength(1);
    expect(hex(nodes[0]?.encoded ?? new Uint8Array(0))).toBe('700ABFA10106A30497020102');
  });

  it('reads one- and two-byte long lengths and two-byte tags', () => {
    const long = new Uint8Array(300).fill(7);
    const nodes = parseTlv(encodeTlv(0x7f49, encodeTlv(0x81, long), encodeTlv(0x5f20, fromHex('0102'))));
    const key = findPath(nodes, 0x7f49);
    expect(key.children.map((c) => c.tag)).toEqual([0x81, 0x5f20]);
    expect(key.children[0]?.value).toHaveLength(300);
    expect(hex(encodeTlv(0x87, new Uint8Array(0x80)).subarray(0, 3))).toBe('878180');
    expect(hex(encodeTlv(0x91, new Uint8Array(0x100)).subarray(0, 4))).toBe('91820100');
    expect(hex(encodeTlv(0x7f21, fromHex('AA')))).toBe('7F2101AA');
  });

  it('finds the DER length of a key file with filler after it', () => {
    const der = fromHex('3082010A0282010100');
    const file = new Uint8Array(0x10e + 20);
    file.set(der);
    expect(derLength(file)).toBe(0x10e);
  });

  it('refuses truncated or indefinite encodings as protocol errors', () => {
    expect(() => parseTlv(fromHex('7005 0102'))).toThrow(CardError);
    expect(() => parseTlv(fromHex('3080 0000'))).toThrow(/indefinite/);
    expect(() => findPath(parseTlv(fromHex('7000')), 0x70, 0xa3)).toThrow(/A3 missing/);
  });
});

describe('APDU encoding', () => {
  it('encodes the four short cases, Le 256 as 00', () => {
    expect(hex(encodeCommand({ ins: 0xa4, p1: 0, p2: 0 }))).toBe('00A40000');
    expect(hex(encodeCommand({ ins: 0xb0, p1: 0x81, p2: 0, le: 12 }))).toBe('00B081000C');
    expect(hex(encodeCommand({ ins: 0xa4, p1: 4, p2: 0x0c, data: fromHex('A00000000039') }))).toBe(
      '00A4040C06A00000000039',
    );
    expect(hex(encodeCommand({ ins: 0x88, p1: 0, p2: 0, data: fromHex('01'), le: 256 }))).toBe('0088000001' + '0100');
    expect(() => encodeCommand({ ins: 0x22, p1: 0, p2: 0, data: new Uint8Array(256) })).toThrow(RangeError);
  });

  it('splits the status word from the data', () => {
    expect(decodeResponse(fromHex('01026282'))).toEqual({ data: fromHex('0102'), sw: 0x6282 });
    expect(() => decodeResponse(fromHex('90'))).toThrow(CardError);
  });
});

describe('plain channel', () => {
  it('chains a 266-byte MSE SET as 255 + 11 bytes with CLA 10 first (the DH key of §3.3)', async () => {
    const { transport, sent } = scripted(() => '9000');
    const data = new Uint8Array(266).fill(0x55);
    expect((await createPlainChannel(transport).send({ ins: 0x22, p1: 0x41, p2: 0xa6, data })).sw).toBe(0x9000);
    expect(sent.map((apdu) => apdu.slice(0, 10))).toEqual(['102241A6FF', '002241A60B']);
    expect(sent[0]).toHaveLength((5 + 255) * 2);
  });

  it('stops a chain at the first refused block', async () => {
    const { transport, sent } = scripted(() => '6A80');
    const answer = await createPlainChannel(transport).send({ ins: 0x22, p1: 0, p2: 0, data: new Uint8Array(300) });
    expect(answer.sw).toBe(0x6a80);
    expect(sent).toHaveLength(1);
  });

  it('collects 61xx answers with GET RESPONSE, 00 meaning 256', async () => {
    const { transport, sent } = scripted((apdu, i) => (i === 0 ? 'AA6100' : i === 1 ? 'BB6102' : 'CCDD9000'));
    const answer = await createPlainChannel(transport).send({ ins: 0xcb, p1: 0x3f, p2: 0xff, data: fromHex('4D00') });
    expect(hex(answer.data)).toBe('AABBCCDD');
    expect(sent.slice(1)).toEqual(['00C0000000', '00C0000002']);
  });

  it('resends once with the length a 6Cxx answer names', async () => {
    const { transport, sent } = scripted((apdu) => (apdu.endsWith('80') ? '6C10' : '00'.repeat(16) + '9000'));
    const answer = await createPlainChannel(transport).send({ ins: 0xb0, p1: 0, p2: 0, le: 0x80 });
    expect(answer.data).toHaveLength(16);
    expect(sent).toEqual(['00B0000080', '00B0000010']);
  });
});

describe('file reading', () => {
  it('reads until 6282, following the offsets the card dictates', async () => {
    const content = Uint8Array.from({ length: 270 }, (_, i) => i & 0xff);
    const { transport, sent } = scripted((apdu) => {
      if (apdu.startsWith('00A4')) return '9000';
      const offset = Number.parseInt(apdu.slice(4, 8), 16);
      const chunk = content.subarray(offset, offset + 231);
      return hex(chunk) + (offset + 231 >= content.length ? '6282' : '9000');
    });
    const read = await readFile(createPlainChannel(transport), 0x1005);
    expect(read).toEqual(content);
    expect(sent).toEqual(['00A40204021005', '00B0000000', '00B000E700']);
  });

  it('stops at 6B00 and reports any other status as a protocol error', async () => {
    const exact = scripted((apdu) => (apdu.startsWith('00A4') ? '9000' : apdu === '00B0000000' ? 'AB9000' : '6B00'));
    expect(hex(await readFile(createPlainChannel(exact.transport), 0x1001))).toBe('AB');
    const refused = scripted((apdu) => (apdu.startsWith('00A4') ? '9000' : '6982'));
    await expect(readFile(createPlainChannel(refused.transport), 0x1003)).rejects.toMatchObject({
      code: 'PROTOCOL',
      message: expect.stringContaining('6982'),
    });
  });
});
