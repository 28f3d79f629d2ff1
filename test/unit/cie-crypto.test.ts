import {
  constants,
  createDiffieHellman,
  createHash,
  generateKeyPairSync,
  privateDecrypt,
  privateEncrypt,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concat, fromBigInt, fromHex, hex, toBigInt } from '../../electron/services/card/cie/bytes.ts';
import { deriveSessionKeys } from '../../electron/services/card/cie/dh.ts';
import { hashMatches, openIso9796, signIso9796 } from '../../electron/services/card/cie/iso9796.ts';
import { isPkcs1Type1Signature, modPow, parseRsaPublicKey, rsaRaw } from '../../electron/services/card/cie/rsa.ts';
import { sha256DigestInfo } from '../../electron/services/card/cie/sign.ts';
import { DH_G, DH_P, DH_Q } from '../../server/demo/virtual-cie/dh-group.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = privateKey.export({ format: 'jwk' });
const b64 = (value: string | undefined) => Uint8Array.from(Buffer.from(value ?? '', 'base64url'));
const modulus = b64(jwk.n);
const publicRaw = { modulus, exponent: b64(jwk.e) };
const privateRaw = { modulus, exponent: b64(jwk.d) };
/** Node's own raw RSA (OpenSSL), independent of the BigInt arithmetic under test. */
const nodeRawPrivate = (block: Uint8Array) =>
  Uint8Array.from(privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block));

describe('modular arithmetic', () => {
  it('agrees with small hand-computed powers', () => {
    expect(modPow(4n, 13n, 497n)).toBe(445n);
    expect(modPow(2n, 10n, 1000n)).toBe(24n);
    expect(modPow(7n, 0n, 13n)).toBe(1n);
  });

  it('matches OpenSSL raw RSA for a private operation', () => {
    const block = concat(fromHex('00'), new Uint8Array(255).fill(0x42));
    expect(hex(rsaRaw(privateRaw, block))).toBe(hex(nodeRawPrivate(block)));
  });
});

describe('DH over the virtual card group (RFC 5114 §2.3)', () => {
  it('computes public values and the shared secret as OpenSSL does', () => {
    const terminal = createDiffieHellman(DH_P, DH_G);
    terminal.generateKeys();
    const x = toBigInt(terminal.getPrivateKey());
    const ours = fromBigInt(modPow(toBigInt(DH_G), x, toBigInt(DH_P)), 256);
    expect(hex(ours)).toBe(hex(terminal.getPublicKey()).padStart(512, '0'));
    const card = createDiffieHellman(DH_P, DH_G);
    const cardPublic = card.generateKeys();
    const secret = fromBigInt(modPow(toBigInt(cardPublic), x, toBigInt(DH_P)), 256);
    expect(hex(secret)).toBe(hex(card.computeSecret(terminal.getPublicKey())).padStart(512, '0'));
    expect(modPow(toBigInt(cardPublic), toBigInt(DH_Q), toBigInt(DH_P))).toBe(1n);
  });

  it('derives K_enc and K_mac as the first 16 bytes of SHA-256(Z ‖ counter)', () => {
    const z = new Uint8Array(256).fill(0x11);
    const keys = deriveSessionKeys(z);
    const expected = (counter: string) =>
      createHash('sha256')
        .update(Buffer.concat([Buffer.from(z), Buffer.from(counter, 'hex')]))
        .digest('hex')
        .slice(0, 32)
        .toUpperCase();
    expect(hex(keys.enc)).toBe(expected('00000001'));
    expect(hex(keys.mac)).toBe(expected('00000002'));
    expect(hex(keys.enc)).not.toBe(hex(keys.mac));
  });
});

describe('ISO/IEC 9796-2 scheme 1 with SHA-256', () => {
  const message = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
  // 6A ‖ first k − 34 bytes ‖ SHA-256(message) ‖ BC, assembled by hand and signed by OpenSSL.
  const block = concat(
    fromHex('6A'),
    message.subarray(0, 222),
    createHash('sha256').update(message).digest(),
    fromHex('BC'),
  );

  it('signs exactly the hand-built block and leaves the rest as remainder', () => {
    const { signature, remainder } = signIso9796(privateRaw, message);
    expect(hex(signature)).toBe(hex(nodeRawPrivate(block)));
    expect(remainder).toEqual(message.subarray(222));
  });

  it('recovers the first part and checks the hash over it and the remainder', () => {
    const opened = openIso9796(publicRaw, nodeRawPrivate(block), 'test');
    expect(opened.recovered).toEqual(message.subarray(0, 222));
    expect(hashMatches(opened, message.subarray(222))).toBe(true);
    expect(hashMatches(opened, concat(message.subarray(222), fromHex('00')))).toBe(false);
  });

  it('refuses a block without the 6A header or BC trailer', () => {
    const bad = Uint8Array.from(block);
    bad[255] = 0xbd;
    expect(() => openIso9796(publicRaw, nodeRawPrivate(bad), 'test')).toThrow(/not an ISO 9796-2/);
  });
});

describe('PKCS#1 type-1 check of internal authenticate', () => {
  const challenge = fromHex('0123456789ABCDEF0123456789ABCDEF');
  const key = parseRsaPublicKey(Uint8Array.from(publicKey.export({ type: 'pkcs1', format: 'der' })));

  it('accepts the card signature over the raw challenge', () => {
    const signature = privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, challenge);
    expect(isPkcs1Type1Signature(key, challenge, signature)).toBe(true);
    expect(isPkcs1Type1Signature(key, fromHex('0123456789ABCDEF0123456789ABCDEE'), signature)).toBe(false);
  });

  it('refuses a right challenge in a wrong block: short FF run, type 2, or extra bytes', () => {
    const sign = (prefix: string) => {
      const raw = concat(fromHex(prefix), challenge);
      const padded = concat(new Uint8Array(256 - raw.length), raw);
      return nodeRawPrivate(padded);
    };
    // 00 01 FF…FF 00 ‖ challenge with the FF run cut by a stray byte.
    const body = 256 - challenge.length - 3;
    expect(isPkcs1Type1Signature(key, challenge, sign(`0001${'FF'.repeat(body - 1)}EE00`))).toBe(false);
    expect(isPkcs1Type1Signature(key, challenge, sign(`0002${'FF'.repeat(body)}00`))).toBe(false);
    expect(isPkcs1Type1Signature(key, challenge, sign(`0001${'FF'.repeat(body - 1)}00AA`))).toBe(false);
    expect(isPkcs1Type1Signature(key, challenge, sign(`0001${'FF'.repeat(body)}00`))).toBe(true);
  });

  it('builds the SHA-256 DigestInfo that RSASSA-PKCS1-v1_5 expects', () => {
    const info = sha256DigestInfo(Buffer.from('abc'));
    expect(hex(info)).toBe(
      '3031300D060960864801650304020105000420BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD',
    );
  });
});
