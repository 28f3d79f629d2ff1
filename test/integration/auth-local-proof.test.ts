import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnownOperators, type KnownOperator } from '../../electron/services/auth/known-operators.ts';
import { verifyProofLocally } from '../../electron/services/auth/local-proof.ts';
import { loginMessage, loginProof, type CieLoginProof } from '../../electron/services/card/cie/index.ts';
import { createInProcessTransport } from '../../electron/services/card/in-process-transport.ts';
import { createVirtualCie, createVirtualCiePki, type VirtualCie } from '../../server/demo/virtual-cie/index.ts';
import { tempDir } from '../support/temp-dir.ts';

const CONTEXT = 'Accredita test login';
const NONCE = 'local-nonce-0123';
const profile = tempDir('known-operators');
let cie: VirtualCie;
let proof: CieLoginProof;
let entry: KnownOperator;

beforeAll(async () => {
  cie = await createVirtualCie({ identity: 'op-giulia', pki: await createVirtualCiePki() });
  proof = await loginProof(createInProcessTransport(cie.applet), {
    pin: cie.pin,
    nonce: NONCE,
    context: CONTEXT,
    trust: cie.trust,
  });
  entry = {
    codiceFiscale: cie.holder.codiceFiscale,
    operator: { id: 'op-giulia', name: 'Giulia Bianchi', role: 'operator' },
    nis: proof.nis,
    ef1005Hash: proof.ef1005Hash,
    certificate: Buffer.from(proof.certificate).toString('base64'),
    lastOnlineLogin: new Date().toISOString(),
  };
}, 60_000);

afterAll(() => profile.remove());

describe('known operators file', () => {
  it('keeps entries sealed: readable with the profile key only, and nothing of the holder in clear', () => {
    const file = path.join(profile.dir, 'sealed.bin');
    const key = randomBytes(32);
    openKnownOperators(file, key).remember(entry);
    expect(openKnownOperators(file, key).find(entry.codiceFiscale)).toEqual(entry);
    expect(openKnownOperators(file, randomBytes(32)).find(entry.codiceFiscale)).toBeUndefined();
    const bytes = readFileSync(file);
    for (const secret of [entry.codiceFiscale, 'Giulia', entry.nis]) expect(bytes.includes(secret)).toBe(false);

    bytes[20] = bytes[20]! ^ 0xff;
    writeFileSync(file, bytes);
    expect(openKnownOperators(file, key).find(entry.codiceFiscale)).toBeUndefined();
  });

  it('keeps one entry per holder, the latest', () => {
    const file = path.join(profile.dir, 'latest.bin');
    const key = randomBytes(32);
    const store = openKnownOperators(file, key);
    store.remember(entry);
    store.remember({ ...entry, lastOnlineLogin: '2030-01-01T00:00:00.000Z' });
    expect(openKnownOperators(file, key).find(entry.codiceFiscale)?.lastOnlineLogin).toBe('2030-01-01T00:00:00.000Z');
  });
});

describe('offline verification of a login proof', () => {
  const message = () => loginMessage(NONCE, CONTEXT);
  const verify = (
    overrides: { proof?: CieLoginProof; known?: KnownOperator | undefined; now?: Date; cas?: Uint8Array[] } = {},
  ) =>
    verifyProofLocally(
      overrides.proof ?? proof,
      message(),
      overrides.cas ?? cie.trust.authenticationChain,
      () => ('known' in overrides ? overrides.known : entry),
      overrides.now ?? new Date(),
    );

  it('accepts the card and certificate recorded at the last online login', () => {
    expect(verify()).toMatchObject({ ok: true, known: { operator: { id: 'op-giulia' } } });
  });

  it('refuses an expired certificate, a foreign CA, a bad signature', () => {
    expect(verify({ now: new Date(Date.now() + 20 * 365 * 86_400_000) })).toMatchObject({
      ok: false,
      code: 'CERTIFICATE_EXPIRED',
    });
    expect(verify({ cas: [] })).toMatchObject({ ok: false, code: 'PROOF_REFUSED' });
    const signature = Uint8Array.from(proof.signature);
    signature[10] = signature[10]! ^ 1;
    expect(verify({ proof: { ...proof, signature } })).toMatchObject({ ok: false, code: 'PROOF_REFUSED' });
  });

  it('refuses a holder never seen online here, another card, a renewed certificate', () => {
    expect(verify({ known: undefined })).toMatchObject({ ok: false, code: 'OFFLINE_UNKNOWN' });
    expect(verify({ known: { ...entry, nis: '000000000000' } })).toMatchObject({ ok: false, code: 'OFFLINE_UNKNOWN' });
    expect(verify({ known: { ...entry, certificate: Buffer.from('other').toString('base64') } })).toMatchObject({
      ok: false,
      code: 'OFFLINE_UNKNOWN',
    });
  });
});
