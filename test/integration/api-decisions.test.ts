import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/domain/credentials.ts';
import { formEmail, intake, startApiFixture, SYSTEM_KEY } from '../support/api-fixture.ts';

type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await startApiFixture();
  for (const id of ['op-anna', 'op-luca', 'op-nuovo', 'sup-marta', 'sup-paolo']) tokens[id] = await api.loginAs(id);
});
afterAll(() => api.close());

/** A ticket with its documents in, claimed by `operatorId`: ready for a decision. */
async function reviewable(operatorId = 'op-anna') {
  const created = await api.request('POST', '/tickets', { token: SYSTEM_KEY, body: intake() });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  expect((await api.request('POST', `/tickets/${id}/emails`, { token: SYSTEM_KEY, body: formEmail() })).status).toBe(
    200,
  );
  expect((await api.request('PUT', `/tickets/${id}/lease`, { token: tokens[operatorId] })).status).toBe(200);
  const ticket = await api.request('GET', `/tickets/${id}`, { token: tokens[operatorId] });
  expect(ticket.json.state).toBe('UNDER_REVIEW');
  return ticket.json as { id: string; version: number; evidenceHash: string };
}

const approval = (ticket: { version: number; evidenceHash: string }, extra: Record<string, unknown> = {}) => ({
  baseVersion: ticket.version,
  action: 'APPROVE',
  services: ['DISTACCO_TRANSNAZIONALE'],
  evidenceHash: ticket.evidenceHash,
  deviceId: 'console-1',
  decidedAt: '2026-11-23T10:00:00Z',
  ...extra,
});

const decide = (ticketId: string, token: string | undefined, key: string, body: unknown) =>
  api.request('POST', `/tickets/${ticketId}/decisions`, { token, body, headers: { 'Idempotency-Key': key } });

describe('decisions', () => {
  it('replays the identical answer for a retry with the same key and body', async () => {
    const ticket = await reviewable();
    const key = randomUUID();
    const first = await decide(ticket.id, tokens['op-anna'], key, approval(ticket));
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ state: 'APPROVED', countersignRequired: false, version: ticket.version + 1 });
    const retry = await decide(ticket.id, tokens['op-anna'], key, approval(ticket));
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
  });

  it('refuses the same key with a different body (422) and writes nothing', async () => {
    const ticket = await reviewable();
    const key = randomUUID();
    expect((await decide(ticket.id, tokens['op-anna'], key, approval(ticket))).status).toBe(201);
    const before = await api.request('GET', `/tickets/${ticket.id}`, { token: tokens['op-anna'] });
    const other = await decide(ticket.id, tokens['op-anna'], key, approval(ticket, { services: ['CABOTAGGIO'] }));
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect(other.json.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const after = await api.request('GET', `/tickets/${ticket.id}`, { token: tokens['op-anna'] });
    expect(after.text).toBe(before.text);
  });

  it('lets exactly one of two concurrent decisions win; the other gets who, when and what', async () => {
    const ticket = await reviewable();
    await api.request('DELETE', `/tickets/${ticket.id}/lease`, { token: tokens['op-anna'] });
    const reject = {
      baseVersion: ticket.version,
      action: 'REJECT',
      reasonCodes: ['DOC_EXPIRED'],
      evidenceHash: ticket.evidenceHash,
      deviceId: 'console-2',
      decidedAt: '2026-11-23T10:00:01Z',
    };
    const [a, b] = await Promise.all([
      decide(ticket.id, tokens['op-anna'], randomUUID(), approval(ticket)),
      decide(ticket.id, tokens['op-luca'], randomUUID(), reject),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([201, 409]);
    const [winner, loser] = a.status === 201 ? [a, b] : [b, a];
    expect(['ALREADY_DECIDED', 'STALE_VERSION']).toContain(loser.json.code);
    const winnerIsAnna = winner === a;
    expect(loser.json.conflict).toMatchObject({
      decidedBy: winnerIsAnna ? 'op-anna' : 'op-luca',
      decidedByName: winnerIsAnna ? 'Anna Rossi' : 'Luca Bianchi',
      action: winnerIsAnna ? 'APPROVE' : 'REJECT',
      state: winnerIsAnna ? 'APPROVED' : 'REJECTED',
    });
    expect(typeof (loser.json.conflict as { decidedAt: string }).decidedAt).toBe('string');
  });

  it('answers a stale baseVersion with 409 STALE_VERSION', async () => {
    const ticket = await reviewable();
    await api.request('POST', `/tickets/${ticket.id}/emails`, {
      token: SYSTEM_KEY,
      body: formEmail(Buffer.from('%PDF-1.7 other')),
    });
    const stale = await decide(ticket.id, tokens['op-anna'], randomUUID(), approval(ticket));
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ code: 'STALE_VERSION', conflict: { version: ticket.version + 1 } });
  });

  it('sends the credential e-mails exactly once under 20 retried approvals', async () => {
    const ticket = await reviewable();
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => decide(ticket.id, tokens['op-anna'], key, approval(ticket))),
    );
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    await api.server.drainCredentials();
    const mail = await api.request('GET', `/mail-outbox?ticketId=${ticket.id}`, { token: tokens['sup-marta'] });
    const kinds = (mail.json.mail as { kind: string }[]).map((m) => m.kind).sort();
    expect(kinds).toEqual(['ACKNOWLEDGEMENT', 'CREDENTIALS_PASSWORD', 'CREDENTIALS_USERNAME']);
    const account = api.server.db
      .prepare('SELECT must_change_password, password_hash FROM accounts WHERE ticket_id = ?')
      .get(ticket.id) as {
      must_change_password: number;
      password_hash: string;
    };
    expect(account.must_change_password).toBe(1);
    expect(account.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    const mailed = api.server.db
      .prepare("SELECT body FROM mail_outbox WHERE ticket_id = ? AND kind = 'CREDENTIALS_PASSWORD'")
      .get(ticket.id) as { body: string };
    const password = /password: (\S+)/.exec(mailed.body)?.[1] ?? '';
    expect(await verifyPassword(password, account.password_hash)).toBe(true);
    expect(await verifyPassword(`${password}x`, account.password_hash)).toBe(false);
  });
});

describe('batched delivery', () => {
  it('answers each decision as the single endpoint would, replays included, errors kept to their item', async () => {
    const [a, b] = [await reviewable(), await reviewable()];
    const single = randomUUID();
    const first = await decide(a.id, tokens['op-anna'], single, approval(a));
    const fresh = randomUUID();
    const missing = randomUUID();
    const batch = await api.request('POST', '/decisions/batch', {
      token: tokens['op-anna'],
      body: {
        decisions: [
          { ticketId: a.id, decisionId: single, decision: approval(a) },
          { ticketId: b.id, decisionId: fresh, decision: approval(b) },
          { ticketId: 'UE-0000-999999', decisionId: missing, decision: approval(b) },
        ],
      },
    });
    expect(batch.status).toBe(200);
    const results = batch.json.results as { decisionId: string; status: number; body: Record<string, unknown> }[];
    expect(results.map((r) => [r.decisionId, r.status])).toEqual([
      [single, 201],
      [fresh, 201],
      [missing, 404],
    ]);
    expect(results[0]!.body).toEqual(first.json);
    expect(results[2]!.body).toMatchObject({ code: 'TICKET_NOT_FOUND' });
    const replay = await decide(b.id, tokens['op-anna'], fresh, approval(b));
    expect(replay.json).toEqual(results[1]!.body);
  });
});

describe('leases', () => {
  it('refuses a claim on a ticket leased by someone else with owner and expiry', async () => {
    const ticket = await reviewable('op-anna');
    const claim = await api.request('PUT', `/tickets/${ticket.id}/lease`, { token: tokens['op-luca'] });
    expect(claim.status).toBe(409);
    expect(claim.json).toMatchObject({ code: 'LEASE_HELD', lease: { owner: 'op-anna', ownerName: 'Anna Rossi' } });
    const release = await api.request('DELETE', `/tickets/${ticket.id}/lease`, { token: tokens['op-luca'] });
    expect(release.status).toBe(409);
    const decision = await decide(ticket.id, tokens['op-luca'], randomUUID(), approval(ticket));
    expect(decision.status).toBe(409);
    expect(decision.json.code).toBe('LEASE_HELD');
    expect((await api.request('DELETE', `/tickets/${ticket.id}/lease`, { token: tokens['op-anna'] })).status).toBe(204);
    expect((await api.request('PUT', `/tickets/${ticket.id}/lease`, { token: tokens['op-luca'] })).status).toBe(200);
  });
});

describe('four-eyes', () => {
  it('sends a flagged approval to countersign; the maker cannot countersign, another supervisor can', async () => {
    const ticket = await reviewable('op-anna');
    const made = await decide(
      ticket.id,
      tokens['op-anna'],
      randomUUID(),
      approval(ticket, { countersignFlags: ['NO_MATCH_OVERRIDDEN'] }),
    );
    expect(made.json).toMatchObject({ state: 'AWAITING_COUNTERSIGN', countersignRequired: true });
    const decisionId = made.json.decisionId as string;
    const byOperator = await api.request('POST', `/tickets/${ticket.id}/countersign`, {
      token: tokens['op-luca'],
      headers: { 'Idempotency-Key': randomUUID() },
      body: { decisionId, verdict: 'CONFIRM', evidenceHash: ticket.evidenceHash },
    });
    expect(byOperator.status).toBe(403);
    expect(byOperator.json.code).toBe('ROLE_REQUIRED');
    const confirmed = await api.request('POST', `/tickets/${ticket.id}/countersign`, {
      token: tokens['sup-marta'],
      headers: { 'Idempotency-Key': randomUUID() },
      body: { decisionId, verdict: 'CONFIRM', evidenceHash: ticket.evidenceHash },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ state: 'APPROVED', countersignedBy: 'sup-marta' });
  });

  it('never lets the maker countersign their own decision', async () => {
    const ticket = await reviewable('op-anna');
    await api.request('DELETE', `/tickets/${ticket.id}/lease`, { token: tokens['op-anna'] });
    await api.request('PUT', `/tickets/${ticket.id}/lease`, { token: tokens['sup-marta'] });
    const made = await decide(
      ticket.id,
      tokens['sup-marta'],
      randomUUID(),
      approval(ticket, { countersignFlags: ['DOC_EXPIRING_SOON'] }),
    );
    expect(made.status).toBe(201);
    const own = await api.request('POST', `/tickets/${ticket.id}/countersign`, {
      token: tokens['sup-marta'],
      headers: { 'Idempotency-Key': randomUUID() },
      body: { decisionId: made.json.decisionId, verdict: 'CONFIRM', evidenceHash: ticket.evidenceHash },
    });
    expect(own.status).toBe(403);
    expect(own.json.code).toBe('FOUR_EYES');
  });

  it('routes an operator in training to countersign even without flags', async () => {
    const ticket = await reviewable('op-nuovo');
    const made = await decide(ticket.id, tokens['op-nuovo'], randomUUID(), approval(ticket));
    expect(made.json).toMatchObject({ state: 'AWAITING_COUNTERSIGN', countersignRequired: true });
  });

  it('voids a pending countersign when the evidence changes', async () => {
    const ticket = await reviewable('op-anna');
    const made = await decide(
      ticket.id,
      tokens['op-anna'],
      randomUUID(),
      approval(ticket, { countersignFlags: ['NO_MATCH_OVERRIDDEN'] }),
    );
    const email = await api.request('POST', `/tickets/${ticket.id}/emails`, {
      token: SYSTEM_KEY,
      body: formEmail(Buffer.from('%PDF-1.7 replaced form')),
    });
    expect(email.json).toMatchObject({ state: 'UNDER_REVIEW', pendingCountersign: null });
    const late = await api.request('POST', `/tickets/${ticket.id}/countersign`, {
      token: tokens['sup-paolo'],
      headers: { 'Idempotency-Key': randomUUID() },
      body: { decisionId: made.json.decisionId, verdict: 'CONFIRM', evidenceHash: ticket.evidenceHash },
    });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe('NOTHING_TO_COUNTERSIGN');
  });
});

describe('roles and tokens', () => {
  it('keeps history and audit for supervisors, and a session to its owner', async () => {
    expect((await api.request('GET', '/history', { token: tokens['op-anna'] })).status).toBe(403);
    expect((await api.request('GET', '/audit/verify', { token: tokens['op-anna'] })).status).toBe(403);
    expect((await api.request('GET', '/history', { token: tokens['sup-marta'] })).status).toBe(200);
    const own = await api.request('GET', '/auth/session', { token: tokens['op-anna'] });
    expect(own.json).toMatchObject({ operator: { id: 'op-anna', role: 'operator' } });
    expect(JSON.stringify(own.json)).not.toContain(tokens['op-anna']);
    expect(JSON.stringify(await api.request('GET', '/audit', { token: tokens['sup-marta'] }))).not.toContain(
      tokens['op-luca'],
    );
    expect((await api.request('GET', '/feed', {})).status).toBe(401);
    expect((await api.request('GET', '/feed', { token: 'forged' })).status).toBe(401);
    expect((await api.request('POST', '/tickets', { token: tokens['sup-marta'], body: intake() })).status).toBe(401);
  });
});

describe('audit log', () => {
  it('verifies, and detects a tampered row', async () => {
    const verified = await api.request('GET', '/audit/verify', { token: tokens['sup-marta'] });
    expect(verified.json).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(verified.json.entries).toBeGreaterThan(10);
    const db = api.server.db;
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit SET actor = 'someone-else' WHERE seq = 5").run();
    const tampered = await api.request('GET', '/audit/verify', { token: tokens['sup-marta'] });
    expect(tampered.json).toMatchObject({ ok: false, firstBrokenSeq: 5 });
  });

  it('refuses updates and deletes through SQL while the triggers stand', () => {
    expect(() => api.server.db.prepare('DELETE FROM audit WHERE seq = 1').run()).toThrow(/append-only/);
  });
});
