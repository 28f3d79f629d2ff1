import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardSign, type TestCard } from '../support/test-pki.ts';
import { CONTEXT, startApiFixture } from '../support/api-fixture.ts';

type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;

beforeAll(async () => {
  api = await startApiFixture();
});
afterAll(() => api.close());

async function attempt(card: TestCard, tweak: { nonce?: string; context?: string; signWith?: TestCard } = {}) {
  const nonce = tweak.nonce ?? ((await api.request('POST', '/auth/nonce')).json.nonce as string);
  const signature = await cardSign(tweak.signWith ?? card, nonce, CONTEXT);
  return api.request('POST', '/auth/login', {
    body: {
      nonce,
      certificate: card.certificate.toString('base64'),
      signature: signature.toString('base64'),
      context: tweak.context ?? CONTEXT,
    },
  });
}

describe('CIE login proof', () => {
  it('issues a bearer token to an enrolled card holder', async () => {
    const response = await attempt(api.cards.get('sup-marta')!);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ operator: { id: 'sup-marta', role: 'supervisor' } });
    const session = await api.request('GET', '/auth/session', { token: response.json.token as string });
    expect(session.status).toBe(200);
  });

  it('uses a nonce once', async () => {
    const nonce = (await api.request('POST', '/auth/nonce')).json.nonce as string;
    expect((await attempt(api.cards.get('op-anna')!, { nonce })).status).toBe(200);
    const again = await attempt(api.cards.get('op-anna')!, { nonce });
    expect(again.status).toBe(401);
    expect(again.json.code).toBe('NONCE_INVALID');
  });

  it.each([
    [
      'a signature by another card',
      async () => attempt(api.cards.get('op-anna')!, { signWith: api.cards.get('op-luca')! }),
      'SIGNATURE_INVALID',
    ],
    [
      'a signature over another context',
      async () => {
        const card = api.cards.get('op-anna')!;
        const nonce = (await api.request('POST', '/auth/nonce')).json.nonce as string;
        const signature = await cardSign(card, nonce, CONTEXT);
        return api.request('POST', '/auth/login', {
          body: {
            nonce,
            certificate: card.certificate.toString('base64'),
            signature: signature.toString('base64'),
            context: 'other-service',
          },
        });
      },
      'SIGNATURE_INVALID',
    ],
    [
      'an expired certificate',
      async () => attempt(await api.pki.issue('RSSNNA80A41H501L', { notAfter: new Date(Date.now() - 1000) })),
      'CERTIFICATE_EXPIRED',
    ],
    [
      'a certificate without the CIE policy',
      async () => attempt(await api.pki.issue('RSSNNA80A41H501L', { policies: ['1.3.76.16.2.1'] })),
      'POLICY_MISSING',
    ],
    [
      'a certificate from another CA',
      async () => {
        const { createTestPki } = await import('../support/test-pki.ts');
        const rogue = await createTestPki();
        return attempt(await rogue.issue('RSSNNA80A41H501L'));
      },
      'UNTRUSTED_CHAIN',
    ],
    ['a CN that is not a codice fiscale', async () => attempt(await api.pki.issue('MARIO ROSSI')), 'NO_CODICE_FISCALE'],
    ['a wrong check character', async () => attempt(await api.pki.issue('RSSNNA80A41H501X')), 'NO_CODICE_FISCALE'],
  ])('refuses %s (401)', async (_label, run, code) => {
    const response = await run();
    expect(response.status).toBe(401);
    expect(response.json.code).toBe(code);
  });

  it('refuses a valid card of someone not enrolled (403)', async () => {
    const response = await attempt(await api.pki.issue('RSSMRA80A01H501U'));
    expect(response.status).toBe(403);
    expect(response.json.code).toBe('UNKNOWN_OPERATOR');
  });

  it('accepts a codice fiscale with omocodia letters', async () => {
    api.server.people.enroll({
      id: 'op-omo',
      codiceFiscale: 'RSSMRA80A01H50MM',
      name: 'Mario Rossi',
      role: 'operator',
      inTraining: false,
    });
    const response = await attempt(await api.pki.issue('RSSMRA80A01H50MM'));
    expect(response.status).toBe(200);
  });
});
