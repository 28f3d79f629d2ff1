import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isSameCard,
  loadCardTrust,
  loginProof,
  readCardIdentity,
  unblockPin,
  type CardTrust,
  type CieLoginProof,
} from '../../electron/services/card/cie/index.ts';
import { hex } from '../../electron/services/card/cie/bytes.ts';
import { checkSodHash, verifySod } from '../../electron/services/card/cie/sod.ts';
import { createInProcessTransport } from '../../electron/services/card/in-process-transport.ts';
import { CardError, type CardApplet, type CardTransport } from '../../electron/services/card/transport.ts';
import { certificatePolicies } from '../../server/auth/certificate-policies.ts';
import { CIE_AUTH_POLICY, verifyCieProof } from '../../server/auth/cie-proof.ts';
import {
  createVirtualCie,
  createVirtualCieApplet,
  createVirtualCiePki,
  personaliseVirtualCie,
  writeVirtualCieTrust,
  type VirtualCardProfile,
  type VirtualCie,
  type VirtualCiePki,
} from '../../server/demo/virtual-cie/index.ts';
import { DEMO_STAFF } from '../../common/demo/identities.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { tempDir } from '../support/temp-dir.ts';

const CONTEXT = 'accredita-login:test-workstation';
const DAY = 86_400_000;
let pki: VirtualCiePki;
/** Giulia's card, for tests that leave its PIN counter as they found it. */
let giulia: VirtualCie;

beforeAll(async () => {
  pki = await createVirtualCiePki();
  giulia = await createVirtualCie({ identity: 'op-giulia', pki });
});

/** A transport that counts and records APDUs, and can inject a fault before forwarding one. */
function instrumented(applet: CardApplet) {
  const inner = createInProcessTransport(applet);
  const sent: string[] = [];
  let fault: ((apdu: Uint8Array) => 'reset' | 'removed' | 'silent-reset' | undefined) | undefined;
  const transport: CardTransport = {
    atr: inner.atr,
    reset: inner.reset,
    close: inner.close,
    transmit: async (apdu) => {
      const action = fault?.(apdu);
      if (action) fault = undefined;
      if (action === 'reset') {
        await inner.reset();
        throw new CardError('CARD_RESET', 'The card was reset by another application');
      }
      if (action === 'removed') throw new CardError('CARD_REMOVED', 'The card was removed');
      if (action === 'silent-reset') await inner.reset();
      sent.push(hex(apdu));
      return inner.transmit(apdu);
    },
  };
  return { transport, sent, injectFault: (next: typeof fault) => (fault = next) };
}

const serverVerify = (card: VirtualCie, proof: CieLoginProof, nonce: string, now = new Date()) =>
  verifyCieProof(
    {
      nonce,
      context: CONTEXT,
      certificate: Buffer.from(proof.certificate),
      chain: proof.chain.map((der) => Buffer.from(der)),
      signature: Buffer.from(proof.signature),
    },
    {
      roots: card.serverRoots.map((der) => new X509Certificate(der)),
      requiredPolicies: [CIE_AUTH_POLICY],
      policiesOf: certificatePolicies,
    },
    now,
  );

const login = (transport: CardTransport, card: VirtualCie, pin = card.pin, nonce = 'nonce-1') =>
  loginProof(transport, { pin, nonce, context: CONTEXT, trust: card.trust });

describe('CIE login over the in-process transport', () => {
  it('produces a proof the server verifier accepts, mapping to the holder codice fiscale', async () => {
    const card = giulia;
    const { transport, sent } = instrumented(card.applet);
    const proof = await login(transport, card, card.pin, 'server-nonce-42');
    expect(serverVerify(card, proof, 'server-nonce-42')).toBe(DEMO_STAFF[0].codiceFiscale);
    expect(proof.nis).toBe(card.nis);
    expect(proof.ef1005Hash).toMatch(/^[0-9a-f]{64}$/);
    expect(proof.maker).toBe('Actalis');
    // The middleware's sequence: MF (J4x chip), CIE AID, per-value DH parameters, MSE SET KAT chained.
    expect(sent[0]).toBe('00A40000');
    expect(sent[1]).toBe('00A4040C06A00000000039');
    expect(sent.filter((apdu) => apdu.startsWith('00CB3FFF0C4D0A7008BFA10104A302'))).toHaveLength(3);
    expect(sent.some((apdu) => apdu.startsWith('102241A6FF80019B830181918201'))).toBe(true);
    expect(sent.filter((apdu) => apdu.startsWith('0C') || apdu.startsWith('1C')).length).toBeGreaterThan(10);
    // A signature over another nonce is refused: the proof is bound to the server's challenge.
    expect(() => serverVerify(card, proof, 'another-nonce')).toThrow(/signature/i);
  });

  it('speaks the Gemalto variant (IAS AID, one GET DATA) and the older SHA-256 SOD profile', async () => {
    const card = await createVirtualCie({ identity: 'sup-elena', pki, chip: 'gemalto', sodProfile: 'sha256-rsa' });
    const { transport, sent } = instrumented(card.applet);
    const proof = await login(transport, card);
    expect(serverVerify(card, proof, 'nonce-1')).toBe('FRRLNE70D49H501M');
    expect(sent[0]).toBe('00A4040C0DA0000000308000000009816001');
    expect(sent).toContain('00CB3FFF0A4D087006BFA10102A380');
  });

  it('refuses a malformed PIN before sending anything', async () => {
    const card = giulia;
    const { transport, sent } = instrumented(card.applet);
    await expect(login(transport, card, '1234')).rejects.toMatchObject({ code: 'WRONG_PIN', triesLeft: undefined });
    expect(sent).toHaveLength(0);
  });

  it('counts wrong PINs down, blocks after three, and unblocks with the PUK', async () => {
    const card = await createVirtualCie({ identity: 'op-marco', pki });
    const { transport } = instrumented(card.applet);
    await expect(login(transport, card, '00000000')).rejects.toMatchObject({ code: 'WRONG_PIN', triesLeft: 2 });
    // A right PIN restores the counter.
    await login(transport, card);
    await expect(login(transport, card, '00000000')).rejects.toMatchObject({ code: 'WRONG_PIN', triesLeft: 2 });
    await expect(login(transport, card, '11111111')).rejects.toMatchObject({ code: 'WRONG_PIN', triesLeft: 1 });
    await expect(login(transport, card, '22222222')).rejects.toMatchObject({ code: 'PIN_BLOCKED', triesLeft: 0 });
    await expect(login(transport, card)).rejects.toMatchObject({ code: 'PIN_BLOCKED' });

    await expect(
      unblockPin(transport, { puk: '99999999', newPin: '24681357', trust: card.trust }),
    ).rejects.toMatchObject({ code: 'WRONG_PIN', triesLeft: 9, message: expect.stringContaining('PUK') });
    await unblockPin(transport, { puk: card.puk, newPin: '24681357', trust: card.trust });
    await expect(login(transport, card)).rejects.toMatchObject({ code: 'WRONG_PIN', triesLeft: 2 });
    const proof = await login(transport, card, '24681357');
    expect(serverVerify(card, proof, 'nonce-1')).toBe('RSSMRC79T10F205V');
  });

  it('fails cleanly when the card is reset in the middle of the DH exchange, then succeeds on retry', async () => {
    const card = giulia;
    const { transport, injectFault } = instrumented(card.applet);
    // Between MSE SET KAT and GET DATA of the card's DH key.
    injectFault((apdu) => (hex(apdu).startsWith('00CB3FFF064D04A6') ? 'reset' : undefined));
    await expect(login(transport, card)).rejects.toMatchObject({ code: 'CARD_RESET' });
    expect(serverVerify(card, await login(transport, card), 'nonce-1')).toBe(DEMO_STAFF[0].codiceFiscale);
  });

  it('fails cleanly when the secure channel is lost mid-session, without spending a PIN try', async () => {
    const card = await createVirtualCie({ identity: 'op-giulia', pki });
    const { transport, injectFault } = instrumented(card.applet);
    // The card is reset behind the client's back just before VERIFY: it no longer knows the session.
    injectFault((apdu) => (apdu[0] === 0x0c && apdu[1] === 0x20 ? 'silent-reset' : undefined));
    await expect(login(transport, card)).rejects.toMatchObject({ code: 'PROTOCOL' });
    // Removed while the certificate is read under SM.
    injectFault((apdu) => (apdu[0] === 0x0c && apdu[1] === 0xb0 ? 'removed' : undefined));
    await expect(login(transport, card)).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    await login(transport, card);
    await expect(login(transport, card, '00000000')).rejects.toMatchObject({ code: 'WRONG_PIN', triesLeft: 2 });
  });

  it('returns a proof for an expired certificate, which the server refuses', async () => {
    const now = Date.now();
    const card = await createVirtualCie({
      identity: 'sup-paolo',
      pki,
      certificateValidity: { notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - DAY) },
    });
    const proof = await login(instrumented(card.applet).transport, card);
    expect(() => serverVerify(card, proof, 'nonce-1')).toThrow(
      expect.objectContaining({ code: 'CERTIFICATE_EXPIRED' }),
    );
  });
});

describe('card recognition', () => {
  it('tries an ATR no source lists with the generic sequence, and logs it', async () => {
    const profile = await personaliseVirtualCie({ identity: 'op-sara', pki });
    const itj4l = Buffer.from('3B8F80018031806549544A344C120FFF82900085', 'hex');
    const lines: string[] = [];
    const logger = createLogger('card', 'debug', (line) => lines.push(line));
    const applet = createVirtualCieApplet({ ...profile, atr: itj4l });
    const identity = await readCardIdentity(createInProcessTransport(applet), { trust: pki.cardTrust(), logger });
    expect(identity).toMatchObject({ nis: profile.nis, maker: undefined });
    expect(lines.join('\n')).toContain('3B8F80018031806549544A344C120FFF82900085');
  });

  it('reports a card without the CIE application as NOT_A_CIE', async () => {
    const cieAid = 'A00000000039';
    const other: CardApplet = {
      atr: Buffer.from('3B8F80018031806549544A3441120FFF82900088', 'hex'),
      process: (apdu) => (hex(apdu).endsWith(cieAid) ? Uint8Array.of(0x6a, 0x82) : Uint8Array.of(0x90, 0x00)),
      reset: () => undefined,
    };
    await expect(readCardIdentity(createInProcessTransport(other), { trust: pki.cardTrust() })).rejects.toMatchObject({
      code: 'NOT_A_CIE',
    });
  });
});

describe('same-card check for unlock', () => {
  it('recognises the card recorded at login with a fresh internal authenticate, and no other', async () => {
    const first = giulia;
    const renewed = await createVirtualCie({ identity: 'op-giulia', pki });
    const recorded = await login(instrumented(first.applet).transport, first);
    const again = instrumented(first.applet);
    const identity = await readCardIdentity(again.transport, { trust: first.trust });
    expect(isSameCard(recorded, identity)).toBe(true);
    expect(again.sent.filter((apdu) => apdu.startsWith('00880000'))).toHaveLength(1);
    const other = await readCardIdentity(instrumented(renewed.applet).transport, { trust: renewed.trust });
    expect(isSameCard(recorded, other)).toBe(false);
  });

  it('refuses a copy of a card whose chip does not hold the EF 1005 private key', async () => {
    const original = await personaliseVirtualCie({ identity: 'op-giulia', pki });
    const impostor = await personaliseVirtualCie({ identity: 'op-marco', pki });
    const clone = createVirtualCieApplet({ ...original, keys: { ...original.keys, services: impostor.keys.services } });
    const trust = pki.cardTrust();
    await expect(readCardIdentity(createInProcessTransport(clone), { trust })).rejects.toMatchObject({
      code: 'NOT_A_CIE',
    });
  });
});

describe('EF.SOD of the virtual card', () => {
  let trust: CardTrust;
  beforeAll(() => {
    trust = pki.cardTrust();
  });

  let profile: VirtualCardProfile;
  beforeAll(async () => {
    profile = await personaliseVirtualCie({ identity: 'op-sara', pki });
  });

  /** The same card with one file of its CIE DF changed after personalisation. */
  const withFile = (fid: number, change: (content: Buffer) => Buffer) => {
    const cie = profile.files.CIE.map((f) => (f.fid === fid ? { ...f, content: change(Buffer.from(f.content)) } : f));
    return createInProcessTransport(createVirtualCieApplet({ ...profile, files: { ...profile.files, CIE: cie } }));
  };

  it('refuses a card whose NIS differs from the one the SOD signs', async () => {
    const transport = withFile(0x1001, (nis) =>
      Buffer.from(nis.toString('latin1').replace(/^./, (d) => String((Number(d) + 1) % 10))),
    );
    await expect(readCardIdentity(transport, { trust })).rejects.toMatchObject({
      code: 'SOD_INVALID',
      message: expect.stringContaining('A1'),
    });
  });

  it('refuses a SOD with an altered signature, or signed under another CSCA', async () => {
    const transport = withFile(0x1006, (sod) => {
      sod[sod.length - 5] = (sod[sod.length - 5] ?? 0) ^ 0x01;
      return sod;
    });
    await expect(readCardIdentity(transport, { trust })).rejects.toMatchObject({ code: 'SOD_INVALID' });
    const untampered = createInProcessTransport(createVirtualCieApplet(profile));
    await expect(readCardIdentity(untampered, { trust })).resolves.toMatchObject({ nis: profile.nis });
    // A CA certificate that is not the document signer's CSCA.
    const wrongCsca = { ...trust, cscaCertificates: [pki.authenticationRoot.der] };
    await expect(readCardIdentity(untampered, { trust: wrongCsca })).rejects.toMatchObject({
      code: 'SOD_INVALID',
      message: expect.stringContaining('CSCA'),
    });
  });

  it('refuses a certificate in EF 1003 that the SOD does not list', async () => {
    const other = await personaliseVirtualCie({ identity: 'op-marco', pki });
    const foreign = other.files.CIE.find((f) => f.fid === 0x1003)?.content ?? Buffer.alloc(0);
    const transport = withFile(0x1003, () => foreign);
    await expect(loginProof(transport, { pin: '12345678', nonce: 'n', context: CONTEXT, trust })).rejects.toMatchObject(
      { code: 'SOD_INVALID', message: expect.stringContaining('A3') },
    );
  });
});

describe('trust material loaded from files', () => {
  const dir = tempDir('cie-trust');
  afterAll(() => dir.remove());
  const pem = (der: Uint8Array) => new X509Certificate(der).toString();

  it('reads PEM bundles, DER files and the DAPP key file', async () => {
    const trust = pki.cardTrust();
    const second = Uint8Array.from(pki.authenticationRoot.der);
    const [csca = new Uint8Array(0)] = trust.cscaCertificates;
    writeFileSync(path.join(dir.dir, 'csca.pem'), pem(csca) + pem(second));
    writeFileSync(path.join(dir.dir, 'ca.der'), trust.authenticationChain[0] ?? new Uint8Array(0));
    const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    writeFileSync(
      path.join(dir.dir, 'dapp.json'),
      JSON.stringify({
        caPrivateExponent: hexOf(trust.dapp.caPrivateExponent),
        terminalModulus: hexOf(trust.dapp.terminalModulus),
        terminalPrivateExponent: hexOf(trust.dapp.terminalPrivateExponent),
      }),
    );
    const loaded = await loadCardTrust({
      cscaCertificateFiles: [path.join(dir.dir, 'csca.pem')],
      authenticationChainFiles: [path.join(dir.dir, 'ca.der')],
      dappKeyFile: path.join(dir.dir, 'dapp.json'),
    });
    expect(loaded.cscaCertificates.map(hexOf)).toEqual([hexOf(csca), hexOf(second)]);
    expect(loaded.authenticationChain.map(hexOf)).toEqual(trust.authenticationChain.map(hexOf));
    expect(hexOf(loaded.dapp.terminalPublicExponent)).toBe('010001');
    const card = giulia;
    const proof = await loginProof(createInProcessTransport(card.applet), {
      pin: card.pin,
      nonce: 'n',
      context: CONTEXT,
      trust: loaded,
    });
    expect(serverVerify(card, proof, 'n')).toBe(DEMO_STAFF[0].codiceFiscale);
  });

  it('loads what the virtual CIE writes for a console in another process', async () => {
    const files = await writeVirtualCieTrust(pki, path.join(dir.dir, 'virtual'));
    const loaded = await loadCardTrust(files.card);
    const proof = await loginProof(createInProcessTransport(giulia.applet), {
      pin: giulia.pin,
      nonce: 'n',
      context: CONTEXT,
      trust: loaded,
    });
    const root = new X509Certificate(readFileSync(files.serverRoot));
    expect(root.raw.equals(giulia.serverRoots[0] ?? Buffer.alloc(0))).toBe(true);
    expect(serverVerify(giulia, proof, 'n')).toBe(DEMO_STAFF[0].codiceFiscale);
  });

  it('names the file it could not use', async () => {
    writeFileSync(path.join(dir.dir, 'broken.json'), '{"caPrivateExponent": "XYZ"}');
    await expect(
      loadCardTrust({
        cscaCertificateFiles: [path.join(dir.dir, 'csca.pem')],
        dappKeyFile: path.join(dir.dir, 'broken.json'),
      }),
    ).rejects.toThrow(/broken\.json/);
    await expect(
      loadCardTrust({
        cscaCertificateFiles: [path.join(dir.dir, 'missing.pem')],
        dappKeyFile: path.join(dir.dir, 'dapp.json'),
      }),
    ).rejects.toThrow(/missing\.pem/);
  });
});

const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures/cie');
const fixturesPresent = existsSync(FIXTURES);

describe.skipIf(!fixturesPresent)(`real EF.SOD from ${FIXTURES} (skipped when that folder is absent)`, () => {
  const read = (name: string) => readFileSync(path.join(FIXTURES, name));
  const cscaFiles = [
    '436ce3921d10922307efd7a2f577ed7524467f1b',
    '852df7a70a512d83103dfbc9f628cb6b1cee5591',
    'a0f56552180ccbcc0ffd7d0df39f8604c7c98f62',
    'b0bf3bb9ecebc720974c1d13a5905a1a613589a0',
    'd11a505e15adea5a61779ca4a2a991ec3949d1f9',
  ];
  const csca = (id: string) => new X509Certificate(read(`csca-${id}.pem`));
  const sod = () => read('sod-pagopa-test.bin');
  const now = new Date();

  it('parses the PSS/SHA-512 profile and verifies it to the 2020 Italian Country Signer CA', () => {
    const verified = verifySod(sod(), [csca('d11a505e15adea5a61779ca4a2a991ec3949d1f9')], now);
    expect(verified.hashAlgorithm).toBe('sha512');
    expect([...verified.hashes.keys()]).toEqual([0xa5, 0x1b, 0xa4, 0xa3, 0xa2, 0xa1]);
    expect([...verified.hashes.values()].every((h) => h.length === 64)).toBe(true);
    expect(verified.signer).toContain('eIdentityCardSigner');
    expect(verifySod(sod(), cscaFiles.map(csca), now).signer).toBe(verified.signer);
  });

  it('refuses it under the other CSCAs, after the signer expired, and with a data group that differs', () => {
    const others = cscaFiles.filter((id) => !id.startsWith('d11a')).map(csca);
    expect(() => verifySod(sod(), others, now)).toThrow(/CSCA/);
    expect(() => verifySod(sod(), cscaFiles.map(csca), new Date('2035-06-01'))).toThrow(/not valid/);
    const verified = verifySod(sod(), [csca('d11a505e15adea5a61779ca4a2a991ec3949d1f9')], now);
    // The NIS and key in that SDK test are fake: the SOD does not cover them.
    expect(() => checkSodHash(verified, 0xa1, Buffer.from('123456789012'))).toThrow(/A1 does not match/);
  });

  it('refuses it when a listed hash is altered (messageDigest no longer matches)', () => {
    const bytes = sod();
    const verified = verifySod(bytes, [csca('d11a505e15adea5a61779ca4a2a991ec3949d1f9')], now);
    const a1 = Buffer.from(verified.hashes.get(0xa1) ?? []);
    const at = bytes.indexOf(a1);
    expect(at).toBeGreaterThan(0);
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    expect(() => verifySod(bytes, [csca('d11a505e15adea5a61779ca4a2a991ec3949d1f9')], now)).toThrow(CardError);
    expect(() => verifySod(bytes, [csca('d11a505e15adea5a61779ca4a2a991ec3949d1f9')], now)).toThrow(/messageDigest/);
  });
});
