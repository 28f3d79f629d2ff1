import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractValidator, formEmail, intake, PDF, startApiFixture, SYSTEM_KEY } from '../support/api-fixture.ts';

type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
let contract: ReturnType<typeof contractValidator>;
const exercised = new Set<string>();
const tokens: Record<string, string> = {};

/** Calls the API and checks request and response against the served OpenAPI document. */
async function call(
  method: string,
  url: string,
  init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await api.request(method, url, init);
  const pathname = new URL(url, 'http://x').pathname;
  const id = contract.operationId(method, pathname);
  expect(id, `${method} ${pathname} is documented`).toBeDefined();
  exercised.add(id!);
  const body = response.headers.get('content-type')?.includes('json') ? response.json : response.text;
  expect(
    contract.check(method, pathname, init.body, response.status, response.headers.get('content-type'), body),
  ).toEqual([]);
  return response;
}

beforeAll(async () => {
  api = await startApiFixture();
  const document = await api.request('GET', '/openapi.json');
  contract = contractValidator(document.json);
});
afterAll(() => api.close());

describe('the OpenAPI 3.1 contract', () => {
  it('is served and describes every operation with a problem+json error model', async () => {
    const document = await call('GET', '/openapi.json');
    expect(document.json.openapi).toBe('3.1.0');
    const operations = Object.values(
      document.json.paths as Record<string, Record<string, { operationId: string }>>,
    ).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(operations.length).toBe(23);
  });

  it('holds for a whole ticket lifecycle, every operation exercised', async () => {
    const anna = await (async () => {
      const nonce = await call('POST', '/auth/nonce');
      expect(nonce.status).toBe(201);
      return api.loginAs('op-anna');
    })();
    tokens.anna = anna;
    tokens.marta = await api.loginAs('sup-marta');
    await call('GET', '/auth/session', { token: anna });
    await call('POST', '/auth/login', { body: { nonce: 'x', certificate: 'AA==', signature: 'AA==', context: 'c' } });

    const created = await call('POST', '/tickets', { token: SYSTEM_KEY, body: intake() });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    await call('POST', '/tickets/UE-0000-999999/emails', { token: SYSTEM_KEY, body: formEmail() });
    const withForm = await call('POST', `/tickets/${id}/emails`, { token: SYSTEM_KEY, body: formEmail() });
    expect(withForm.json.state).toBe('DOCS_RECEIVED');

    const feed = await call('GET', '/feed?limit=1', { token: anna });
    expect(feed.json.hasMore).toBe(false);
    await call('GET', `/tickets/${id}`, { token: anna });
    await call('GET', '/tickets/UE-0000-999999', { token: anna });

    const sha = createHash('sha256').update(PDF).digest('hex');
    const file = await call('GET', `/tickets/${id}/attachments/${sha}`, { token: anna });
    expect(file.status).toBe(200);
    const part = await call('GET', `/tickets/${id}/attachments/${sha}`, {
      token: anna,
      headers: { Range: 'bytes=0-4' },
    });
    expect(part.status).toBe(206);
    await call('GET', `/tickets/${id}/attachments/${sha}`, { token: anna, headers: { Range: 'bytes=99999-' } });

    const lease = await call('PUT', `/tickets/${id}/lease`, { token: anna });
    expect(lease.status).toBe(200);
    await call('PUT', `/tickets/${id}/lease`, { token: await api.loginAs('op-luca') });
    const ticket = (await call('GET', `/tickets/${id}`, { token: anna })).json as {
      version: number;
      evidenceHash: string;
    };
    const decision = await call('POST', `/tickets/${id}/decisions`, {
      token: anna,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        baseVersion: ticket.version,
        action: 'APPROVE',
        services: ['CABOTAGGIO'],
        countersignFlags: ['NO_MATCH_OVERRIDDEN'],
        evidenceHash: ticket.evidenceHash,
        deviceId: 'console-1',
        decidedAt: '2026-11-23T10:00:00Z',
      },
    });
    expect(decision.status).toBe(201);
    const queue = await call('GET', '/countersign-queue', { token: tokens.marta });
    expect(queue.json.items).toMatchObject([{ decisionId: decision.json.decisionId, ownDecision: false }]);
    await call('POST', `/tickets/${id}/decisions`, {
      token: anna,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        baseVersion: 1,
        action: 'SEND_FORM',
        evidenceHash: ticket.evidenceHash,
        deviceId: 'c',
        decidedAt: '2026-11-23T10:00:00Z',
      },
    });
    const countersigned = await call('POST', `/tickets/${id}/countersign`, {
      token: tokens.marta,
      headers: { 'Idempotency-Key': randomUUID() },
      body: { decisionId: decision.json.decisionId, verdict: 'CONFIRM', evidenceHash: ticket.evidenceHash },
    });
    expect(countersigned.status).toBe(200);
    await call('DELETE', `/tickets/${id}/lease`, { token: anna });
    const waiting = (await call('POST', '/tickets', { token: SYSTEM_KEY, body: intake() })).json as {
      id: string;
      version: number;
      evidenceHash: string;
    };
    const batch = await call('POST', '/decisions/batch', {
      token: anna,
      body: {
        decisions: [
          {
            ticketId: waiting.id,
            decisionId: randomUUID(),
            decision: {
              baseVersion: waiting.version,
              action: 'SEND_FORM',
              evidenceHash: waiting.evidenceHash,
              deviceId: 'c',
              decidedAt: '2026-11-23T10:00:00Z',
            },
          },
        ],
      },
    });
    expect((batch.json.results as { status: number }[])[0]?.status).toBe(201);

    api.server.cliclavoro.add({
      email: 'old@example.org',
      surname: 'Öztürk',
      givenNames: 'Ayşe',
      birthDate: '1975-03-02',
    });
    const found = await call('POST', '/cliclavoro/lookup', {
      token: anna,
      body: { surname: 'OZTURK', givenNames: 'Ayse', birthDate: '1975-03-02' },
    });
    expect(found.json).toEqual({ exists: true, matchedOn: ['name+birthDate'] });

    const history = await call('GET', '/history?action=APPROVE&aggregates=true', { token: tokens.marta });
    expect(history.json.total).toBe(1);
    const decisionId = (history.json.entries as { decisionId: string }[])[0]!.decisionId;
    const snapshot = await call('GET', `/history/${decisionId}`, { token: tokens.marta });
    expect(snapshot.json.decision).toMatchObject({ decisionId, countersign: { status: 'CONFIRMED', by: 'sup-marta' } });
    await call('GET', `/history/${randomUUID()}`, { token: tokens.marta });
    await call('GET', '/history?cursor=forged', { token: tokens.marta });
    const stats = await call('GET', '/statistics?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&bucket=month', {
      token: tokens.marta,
    });
    expect(stats.status).toBe(400);
    const recent = await call(
      'GET',
      `/statistics?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`,
      {
        token: tokens.marta,
      },
    );
    expect(recent.json.totals).toMatchObject({ byAction: { APPROVE: 1 } });
    await call('GET', '/audit?limit=5', { token: tokens.marta });
    await call('GET', '/audit/verify', { token: tokens.marta });
    const mail = await call('GET', `/mail-outbox?ticketId=${id}`, { token: tokens.marta });
    expect(JSON.stringify(mail.json)).not.toMatch(/password: /);

    const other = (await call('POST', '/tickets', { token: SYSTEM_KEY, body: intake() })).json.id as string;
    expect((await call('POST', `/tickets/${other}/redaction`, { token: tokens.marta })).status).toBe(204);
    const afterRedaction = await call('GET', '/feed', { token: anna });
    expect(afterRedaction.json.entries).toContainEqual({ kind: 'deleted', id: other, reason: 'REDACTED' });
  });

  it('has exercised every documented operation', () => {
    const documented = contract.operationIds();
    expect([...exercised].sort()).toEqual([...documented].sort());
  });
});
