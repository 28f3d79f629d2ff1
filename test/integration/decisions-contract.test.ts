import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReasonCatalog } from '../../common/checks/reasons.ts';
import type { MethodOutput, TicketDetail } from '../../common/contract/methods.ts';
import { formEmail, intake, startApiFixture } from '../support/api-fixture.ts';
import { startChaosProxy, type ChaosProxy } from '../support/chaos-proxy.ts';
import { startConsole } from '../support/console-fixture.ts';

type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
let desk: ReturnType<typeof startConsole>;
let otherToken: string;
/** Between the console and the API, so a change can reach the API while the console cannot see it. */
let network: ChaosProxy;

beforeAll(async () => {
  api = await startApiFixture();
  const token = await api.loginAs('op-anna');
  otherToken = await api.loginAs('op-luca');
  network = await startChaosProxy(api.server.url, { seed: 1 });
  desk = startConsole({ apiUrl: network.url, token, operatorId: 'op-anna' });
}, 60_000);
afterAll(async () => {
  await desk?.remove();
  await network?.close();
  await api?.close();
});

/** A ticket in DOCS_RECEIVED (intake, form sent, form back), as the console's cache has it. */
async function reviewableTicket(): Promise<string> {
  const created = api.server.tickets.create(intake() as never, 'urp-online');
  const sent = await api.request('POST', `/tickets/${created.id}/decisions`, {
    token: otherToken,
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    body: {
      baseVersion: created.version,
      action: 'SEND_FORM',
      evidenceHash: created.evidenceHash,
      deviceId: 'other-console',
      decidedAt: new Date().toISOString(),
    },
  });
  expect(sent.status).toBe(201);
  api.server.tickets.addEmail(created.id, formEmail() as never, 'urp-online');
  await desk.until(async () => {
    const detail = await desk.call<TicketDetail>('tickets.get', { ticketId: created.id }).catch(() => undefined);
    return detail?.state === 'DOCS_RECEIVED';
  });
  return created.id;
}

describe('decisions through the contract', () => {
  it('lists the reason catalog most serious first, and says who is signed in', async () => {
    const catalog = await desk.call<ReasonCatalog>('reasons.list');
    const severities = catalog.reasons.map((r) => r.severity);
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
    expect(catalog.reasons[0]?.code).toBe('FALSIFIED');
    expect(await desk.call<MethodOutput<'session.current'>>('session.current')).toEqual({
      operator: { id: 'op-anna', name: 'Anna Rossi', role: 'operator' },
    });
  });

  it('previews the approval e-mail with the services granted, nothing left unfilled', async () => {
    const ticketId = await reviewableTicket();
    const preview = (services?: string[]) =>
      desk.call<MethodOutput<'mail.preview'>>('mail.preview', {
        ticketId,
        action: 'APPROVE',
        ...(services ? { services } : {}),
      });
    const without = await preview();
    expect(without.missingPlaceholders).toContain('services');
    const [german, italian] = await Promise.all([
      preview(['CABOTAGGIO', 'DISTACCO_TRANSNAZIONALE']),
      desk.call<MethodOutput<'mail.preview'>>('mail.preview', {
        ticketId,
        action: 'APPROVE',
        services: ['CABOTAGGIO'],
        language: 'it',
      }),
    ]);
    expect(german.language).toBe('de');
    expect(german.missingPlaceholders).toEqual([]);
    expect(italian.language).toBe('it');
    expect(italian.body).toContain('Cabotaggio');
  });

  it('decides again after a conflict: the new decision replaces the refused one and goes through', async () => {
    const ticketId = await reviewableTicket();
    await desk.call('tickets.claim', { ticketId });
    // The applicant sends one more page while the console is cut off: its decision is on a stale version.
    network.setOffline(true);
    api.server.tickets.addEmail(ticketId, formEmail() as never, 'urp-online');
    await desk.call('decisions.submit', { ticketId, action: 'REJECT', reasonCodes: ['UNREADABLE'] });
    network.setOffline(false);
    const conflicted = await desk.until(async () =>
      Boolean((await desk.call<TicketDetail>('tickets.get', { ticketId })).conflict),
    );
    expect(conflicted.conflicts).toBeGreaterThan(0);
    const detail = await desk.call<TicketDetail>('tickets.get', { ticketId });
    expect(detail.conflict).toMatchObject({ action: 'REJECT', code: 'STALE_VERSION' });

    await desk.call('decisions.submit', { ticketId, action: 'REJECT', reasonCodes: ['UNREADABLE'] });
    await desk.until(async () => {
      const now = await desk.call<TicketDetail>('tickets.get', { ticketId });
      return now.state === 'REJECTED' && !now.pendingDecision;
    });
    const after = await desk.call<TicketDetail>('tickets.get', { ticketId });
    expect(after.conflict).toBeNull();
    expect(api.server.tickets.get(ticketId).state).toBe('REJECTED');
  });
});
