import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../common/api/schemas.ts';
import type { TicketChecks } from '../../common/checks/ticket-checks.ts';
import { openCacheDatabase } from '../../electron/services/cache/cache-database.ts';
import { createOutbox } from '../../electron/services/cache/outbox.ts';
import { createTicketProjection } from '../../electron/services/cache/ticket-projection.ts';
import { evidenceHashOf } from '../../electron/services/checks/decision-evidence.ts';
import { decisionSnapshot } from '../../server/storage/history-store.ts';
import { formEmail, intake, startApiFixture, SYSTEM_KEY } from '../support/api-fixture.ts';
import { startChaosProxy, type ChaosProxy } from '../support/chaos-proxy.ts';
import { startConsole } from '../support/console-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
let proxy: ChaosProxy;
let anna: string;

beforeAll(async () => {
  api = await startApiFixture();
  proxy = await startChaosProxy(api.server.url, { seed: 5 });
  anna = await api.loginAs('op-anna');
});
afterAll(async () => {
  await proxy.close();
  await api.close();
});

/** The ICAO Doc 9303 specimen passport's MRZ, typed by the operator. */
const SPECIMEN_MRZ = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';

async function reviewableTicket(): Promise<Ticket> {
  const id = (await api.request('POST', '/tickets', { token: SYSTEM_KEY, body: intake() })).json.id as string;
  await api.request('POST', `/tickets/${id}/emails`, { token: SYSTEM_KEY, body: formEmail() });
  return api.server.tickets.get(id);
}

describe('decisions carry their evidence', () => {
  it('pins the checks the operator saw to the decision, through an offline queue and a restart, into the server snapshot', async () => {
    const ticket = await reviewableTicket();
    const first = startConsole({ apiUrl: proxy.url, token: anna, operatorId: 'op-anna' });
    const profileDir = first.profileDir;
    let decisionId: string;
    let seen: TicketChecks;
    try {
      await first.settled();
      await first.call('tickets.claim', { ticketId: ticket.id });
      await first.call('checks.setMrz', { ticketId: ticket.id, text: SPECIMEN_MRZ });
      seen = await first.call<TicketChecks>('checks.get', { ticketId: ticket.id });
      expect(seen.mrz.source).toBe('typed');
      proxy.setOffline(true);
      await first.until((s) => s.online === false);
      ({ decisionId } = await first.call<{ decisionId: string }>('decisions.submit', {
        ticketId: ticket.id,
        action: 'APPROVE',
        services: ['CABOTAGGIO'],
      }));
    } finally {
      await first.close();
    }

    // Only the queued row can carry the evidence now: the console that saw the checks is gone.
    proxy.setOffline(false);
    const again = startConsole({ apiUrl: proxy.url, token: anna, operatorId: 'op-anna', profileDir });
    try {
      await again.settled();
    } finally {
      await again.remove();
    }

    const snapshot = decisionSnapshot(api.server.db, decisionId);
    expect(snapshot?.decision.operatorId).toBe('op-anna');
    expect(snapshot?.evidenceHash).toBe(ticket.evidenceHash);
    expect(snapshot?.evidence).toEqual({
      computedAt: seen.computedAt,
      documents: [{ sha256: seen.form!.sha256, kind: 'FORM' }],
      crossCheck: seen.crossCheck.fields.map(({ field, status, values }) => ({ field, status, values })),
      document: {
        source: 'typed',
        format: 'TD3',
        documentNumber: 'L898902C3',
        expiryDate: '2012-04-15',
        checkDigitsValid: true,
      },
      eligibility: seen.eligibility?.outcome ?? null,
      duplicates: seen.duplicates.map(({ ticketId, matchedOn }) => ({ ticketId, matchedOn })),
      form: { status: seen.form!.result.status, templateVersion: null },
      suggestion: { action: seen.verdict.suggestion.action, reasonCodes: seen.verdict.suggestion.reasonCodes },
    });
  });

  it('hashes the files as the central API does, and refuses evidence about files the ticket no longer has', async () => {
    const ticket = await reviewableTicket();
    expect(ticket.attachments).toHaveLength(2);
    expect(evidenceHashOf(ticket.attachments)).toBe(ticket.evidenceHash);

    const dir = tempDir('decision-evidence');
    const db = openCacheDatabase(path.join(dir.dir, 'cache.db'), Buffer.alloc(32, 3));
    try {
      createTicketProjection(db).upsert({ ...ticket, state: 'UNDER_REVIEW' });
      const outbox = createOutbox(db, () => new Date());
      const operator = { id: 'op-anna', name: 'Anna Rossi' };
      const stale = {
        evidenceHash: evidenceHashOf(ticket.attachments.slice(0, 1)),
        evidence: {
          computedAt: new Date().toISOString(),
          documents: [],
          crossCheck: [],
          document: {
            source: 'none' as const,
            format: null,
            documentNumber: null,
            expiryDate: null,
            checkDigitsValid: null,
          },
          eligibility: null,
          duplicates: [],
          form: null,
          suggestion: null,
        },
      };
      const input = {
        ticketId: ticket.id,
        action: 'REJECT' as const,
        reasonCodes: ['UNREADABLE' as const],
        countersignFlags: [],
      };
      expect(() => outbox.record(input, operator, 'd', stale)).toThrow(/changed after the checks you saw/);
      expect(outbox.counts('op-anna').pending).toBe(0);
      outbox.record(input, operator, 'd', { ...stale, evidenceHash: ticket.evidenceHash });
      const [entry] = outbox.due(10, 'op-anna');
      expect(entry?.body).toMatchObject({ evidenceHash: ticket.evidenceHash, evidence: stale.evidence });
    } finally {
      db.close();
      dir.remove();
    }
  });
});
