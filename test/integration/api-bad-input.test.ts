import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake, startApiFixture, SYSTEM_KEY } from '../support/api-fixture.ts';

type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
let token: string;
let ticketId: string;

beforeAll(async () => {
  api = await startApiFixture();
  token = await api.loginAs('op-anna');
  ticketId = (await api.request('POST', '/tickets', { token: SYSTEM_KEY, body: intake() })).json.id as string;
});
afterAll(() => api.close());

const counts = () =>
  ['tickets', 'audit', 'decisions', 'blobs', 'mail_outbox', 'idempotency'].map(
    (table) => (api.server.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
  );

const withIntake = (mutate: (body: ReturnType<typeof intake>) => unknown) => {
  const body = intake();
  return mutate(body) ?? body;
};

describe('bad input gets a clear problem, never a 500, and writes nothing', () => {
  const cases: [
    string,
    () => { method: string; url: string; token?: string; body?: unknown; headers?: Record<string, string> },
    number,
    string,
  ][] = [
    [
      'malformed JSON',
      () => ({ method: 'POST', url: '/tickets', token: SYSTEM_KEY, body: '{"categoria": ' }),
      400,
      'MALFORMED_JSON',
    ],
    [
      'an unknown field',
      () => ({ method: 'POST', url: '/tickets', token: SYSTEM_KEY, body: { ...intake(), admin: true } }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a wrong enum',
      () => ({ method: 'POST', url: '/tickets', token: SYSTEM_KEY, body: { ...intake(), sottocategoria: 'Altro' } }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'consent not given',
      () => ({
        method: 'POST',
        url: '/tickets',
        token: SYSTEM_KEY,
        body: { ...intake(), consenso: { given: false, at: '2026-11-20T09:00:00Z' } },
      }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a phone number that is not E.164',
      () => ({
        method: 'POST',
        url: '/tickets',
        token: SYSTEM_KEY,
        body: withIntake((b) => void (b.applicant.telefono = '0039 06 1234')),
      }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an attachment whose bytes are not its declared type',
      () => ({
        method: 'POST',
        url: '/tickets',
        token: SYSTEM_KEY,
        body: withIntake((b) => void (b.attachments[0]!.dataBase64 = Buffer.from('MZ executable').toString('base64'))),
      }),
      400,
      'ATTACHMENT_TYPE_MISMATCH',
    ],
    [
      'a path in an attachment file name',
      () => ({
        method: 'POST',
        url: '/tickets',
        token: SYSTEM_KEY,
        body: withIntake((b) => void (b.attachments[0]!.filename = '../../etc/passwd')),
      }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a wrong content type',
      () => ({
        method: 'POST',
        url: '/tickets',
        token: SYSTEM_KEY,
        body: 'x',
        headers: { 'Content-Type': 'text/plain' },
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'an oversize body',
      () => ({
        method: 'POST',
        url: '/cliclavoro/lookup',
        token: 'TOKEN',
        body: { email: `${'a'.repeat(70_000)}@x.it` },
      }),
      413,
      'BODY_TOO_LARGE',
    ],
    [
      'path traversal in an attachment id',
      () => ({ method: 'GET', url: `/tickets/TICKET/attachments/..%2F..%2Fcentral.db`, token: 'TOKEN' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a traversal ticket id',
      () => ({ method: 'GET', url: '/tickets/..%2F..%2Fetc', token: 'TOKEN' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown attachment',
      () => ({ method: 'GET', url: `/tickets/TICKET/attachments/${'0'.repeat(64)}`, token: 'TOKEN' }),
      404,
      'ATTACHMENT_NOT_FOUND',
    ],
    ['a missing token', () => ({ method: 'GET', url: '/feed' }), 401, 'TOKEN_MISSING'],
    ['an unknown token', () => ({ method: 'GET', url: '/feed', token: 'not-a-token' }), 401, 'TOKEN_INVALID'],
    ['the wrong role', () => ({ method: 'GET', url: '/audit/verify', token: 'TOKEN' }), 403, 'ROLE_REQUIRED'],
    [
      'an operator calling intake',
      () => ({ method: 'POST', url: '/tickets', token: 'TOKEN', body: intake() }),
      401,
      'TOKEN_INVALID',
    ],
    ['a forged cursor', () => ({ method: 'GET', url: '/feed?cursor=Zm9yZ2Vk', token: 'TOKEN' }), 400, 'BAD_CURSOR'],
    [
      'a limit out of range',
      () => ({ method: 'GET', url: '/feed?limit=100000', token: 'TOKEN' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown query parameter',
      () => ({ method: 'GET', url: '/feed?sql=1', token: 'TOKEN' }),
      400,
      'VALIDATION_FAILED',
    ],
    ['an unknown path', () => ({ method: 'GET', url: '/admin', token: 'TOKEN' }), 404, 'NOT_FOUND'],
    ['a wrong method', () => ({ method: 'PATCH', url: '/tickets/TICKET', token: 'TOKEN' }), 405, 'METHOD_NOT_ALLOWED'],
    [
      'a decision without Idempotency-Key',
      () => ({ method: 'POST', url: '/tickets/TICKET/decisions', token: 'TOKEN', body: {} }),
      400,
      'IDEMPOTENCY_KEY_REQUIRED',
    ],
    [
      'an approval without services',
      () => ({
        method: 'POST',
        url: '/tickets/TICKET/decisions',
        token: 'TOKEN',
        headers: { 'Idempotency-Key': randomUUID() },
        body: {
          baseVersion: 1,
          action: 'APPROVE',
          evidenceHash: '0'.repeat(64),
          deviceId: 'd',
          decidedAt: '2026-11-23T10:00:00Z',
        },
      }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a decision with a wrong enum',
      () => ({
        method: 'POST',
        url: '/tickets/TICKET/decisions',
        token: 'TOKEN',
        headers: { 'Idempotency-Key': randomUUID() },
        body: {
          baseVersion: 1,
          action: 'DELETE',
          evidenceHash: '0'.repeat(64),
          deviceId: 'd',
          decidedAt: '2026-11-23T10:00:00Z',
        },
      }),
      400,
      'VALIDATION_FAILED',
    ],
  ];

  it.each(cases)('%s → %i %s', async (_label, make, status, code) => {
    const before = counts();
    const call = make();
    const response = await api.request(call.method, call.url.replace('TICKET', ticketId), {
      token: call.token === 'TOKEN' ? token : call.token,
      body: call.body,
      headers: call.headers,
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({ status, code, title: expect.any(String), detail: expect.any(String) });
    expect(counts()).toEqual(before);
  });

  it('rejects an expired session', async () => {
    const expired = api.server.people.openSession('op-luca', -1);
    const response = await api.request('GET', '/feed', { token: expired.token });
    expect(response.status).toBe(401);
    expect(response.json.code).toBe('TOKEN_EXPIRED');
  });
});
