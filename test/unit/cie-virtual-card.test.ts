import { beforeAll, describe, expect, it } from 'vitest';
import { createVirtualCie, createVirtualCiePki, type VirtualCie } from '../../server/demo/virtual-cie/index.ts';

/** The virtual CIE answered in raw APDUs: status words as the sources list them (§5.1). */
let card: VirtualCie;
beforeAll(async () => {
  card = await createVirtualCie({ identity: 'op-marco', pki: await createVirtualCiePki() });
});

const send = (apdu: string) =>
  Buffer.from(card.applet.process(Buffer.from(apdu.replace(/\s/g, ''), 'hex')))
    .toString('hex')
    .toUpperCase();
const sw = (apdu: string) => send(apdu).slice(-4);
const enterCie = () => {
  card.applet.reset();
  expect(sw('00A40000')).toBe('9000');
  expect(sw('00A4040C06A00000000039')).toBe('9000');
};

describe('virtual CIE status words', () => {
  it('answers unknown instructions, classes and malformed APDUs with the ISO status', () => {
    enterCie();
    expect(sw('00FE0000')).toBe('6D00');
    expect(sw('80A40000')).toBe('6E00');
    expect(sw('01A40000')).toBe('6881');
    expect(sw('00A4')).toBe('6700');
    expect(sw('00A4040C06A000000000')).toBe('6700');
    expect(sw('00A4 0400 07 A0000002471001')).toBe('6A82');
    expect(sw('00A4 0533 02 1001')).toBe('6A86');
    expect(sw('00C00000 00')).toBe('6985');
  });

  it('reads the NIS by SFI, and the services key to its end with 6282', () => {
    enterCie();
    const nis = send('00B081000C');
    expect(Buffer.from(nis.slice(0, 24), 'hex').toString('latin1')).toBe(card.nis);
    expect(nis.slice(-4)).toBe('9000');
    expect(sw('00A40204021005')).toBe('9000');
    const first = send('00B0000000');
    expect(first.length / 2 - 2).toBe(0xe7);
    const last = send('00B000E700');
    expect(last.slice(-4)).toBe('6282');
    expect(last.length / 2 - 2).toBe(270 - 0xe7);
    expect(sw('00B0010E00')).toBe('6B00');
  });

  it('keeps the certificate and the document number behind the PIN and the secure channel', () => {
    enterCie();
    expect(sw('00A40204021003')).toBe('9000');
    expect(sw('00B0000000')).toBe('6982');
    expect(sw('00A40204021002')).toBe('9000');
    expect(sw('00B0000000')).toBe('6982');
    expect(sw('00200081083132333435363738')).toBe('6982');
    expect(sw('002C0381')).toBe('6982');
  });

  it('signs with the services key in clear, but never with the authentication key before VERIFY PIN', () => {
    enterCie();
    expect(sw('002241A4 06 800102840183')).toBe('9000');
    const answer = send(`00880000 10 ${'AB'.repeat(16)} 00`);
    expect(answer.slice(-4)).toBe('9000');
    expect(answer.length / 2 - 2).toBe(256);
    expect(sw('002241A4 06 800102840181')).toBe('9000');
    expect(sw(`00880000 10 ${'AB'.repeat(16)}`)).toBe('6982');
    expect(sw('002241A4 06 800102840199')).toBe('6A88');
  });

  it('hands out a long answer with 61xx and GET RESPONSE, and forgets it on the next command', () => {
    enterCie();
    const first = send('00CB3FFF 0B 4D097007BFA004037F4980');
    expect(first.slice(-4)).toMatch(/^61/);
    const rest = Number.parseInt(first.slice(-2), 16);
    const second = send(`00C00000 ${rest.toString(16).padStart(2, '0')}`);
    expect(second.slice(-4)).toBe('9000');
    expect(second.length / 2 - 2).toBe(rest);
    expect((first.slice(0, -4) + second.slice(0, -4)).startsWith('70')).toBe(true);
    send('00CB3FFF 0B 4D097007BFA004037F4980');
    expect(sw('00A40000')).toBe('9000');
    expect(sw('00C0000010')).toBe('6985');
  });

  it('refuses the card DH key before an MSE SET, a bad DH value, and secure messaging it never opened', () => {
    enterCie();
    expect(sw('00CB3FFF 06 4D04A6029100')).toBe('6985');
    expect(sw('002241A6 0A 80019B830181 91020001')).toBe('6A80');
    expect(sw('0CB000000D9701008E080102030405060708 00')).toBe('6988');
    expect(sw('00CB3FFF 04 4D027000')).toBe('6A88');
  });

  it('drops secure messaging, DAPP and PIN state on reset', () => {
    card.applet.reset();
    expect(sw('00A4040C06A00000000039')).toBe('9000');
    expect(sw('00A40204021003')).toBe('9000');
    expect(sw('00B0000000')).toBe('6982');
  });
});
