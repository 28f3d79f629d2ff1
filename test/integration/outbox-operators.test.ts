import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../../common/api/schemas.ts';
import type { SyncStatus } from '../../common/contract/methods.ts';
import { createCentralApiClient } from '../../electron/services/api/central-api-client.ts';
import { openAttachmentStore } from '../../electron/services/attachments/attachment-store.ts';
import { openCacheDatabase } from '../../electron/services/cache/cache-database.ts';
import { CACHE_MIGRATIONS } from '../../electron/services/cache/cache-migrations.ts';
import { createOutbox } from '../../electron/services/cache/outbox.ts';
import { createTicketProjection } from '../../electron/services/cache/ticket-projection.ts';
import { createTicketQueries } from '../../electron/services/cache/ticket-queries.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { createSessionHolder, type Session } from '../../electron/services/session/session.ts';
import { createSyncEngine } from '../../electron/services/sync/sync-engine.ts';
import { intake, OPERATORS, startApiFixture, SYSTEM_KEY } from '../support/api-fixture.ts';
import { startChaosProxy, type ChaosProxy } from '../support/chaos-proxy.ts';
import { startConsole } from '../support/console-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
let proxy: ChaosProxy;
let tokens: Record<'op-anna' | 'op-luca', string>;
const cleanup: (() => void)[] = [];

beforeAll(async () => {
  api = await startApiFixture();
  proxy = await startChaosProxy(api.server.url, { seed: 3 });
  tokens = { 'op-anna': await api.loginAs('op-anna'), 'op-luca': await api.loginAs('op-luca') };
});
afterAll(async () => {
  await proxy.close();
  await api.close();
});
afterEach(() => cleanup.splice(0).forEach((fn) => fn()));

const newTicket = async (): Promise<string> =>
  (await api.request('POST', '/tickets', { token: SYSTEM_KEY, body: intake() })).json.id as string;

/** Who the server recorded as the author of each decision on the ticket. */
const serverDecisions = (ticketId: string) =>
  api.server.db.prepare('SELECT id, operator_id FROM decisions WHERE ticket_id = ? ORDER BY id').all(ticketId) as {
    id: string;
    operator_id: string;
  }[];

const sessionOf = (id: 'op-anna' | 'op-luca'): Session => {
  const operator = OPERATORS.find((o) => o.id === id)!;
  return { token: tokens[id], operator: { id, name: operator.name, role: operator.role } };
};

const sendForm = (ticketId: string) => ({
  ticketId,
  action: 'SEND_FORM' as const,
  reasonCodes: [],
  countersignFlags: [],
});

/** A sync engine on a fresh cache, talking to the API directly as whoever `session` holds. */
function engineWithSession() {
  const dir = tempDir('outbox-operators');
  cleanup.push(() => dir.remove());
  const db = openCacheDatabase(path.join(dir.dir, 'cache.db'), Buffer.alloc(32, 9));
  cleanup.unshift(() => db.close());
  const now = () => new Date();
  const session = createSessionHolder();
  const projection = createTicketProjection(db);
  const outbox = createOutbox(db, now);
  let status: SyncStatus | undefined;
  const engine = createSyncEngine({
    db,
    api: createCentralApiClient({ baseUrl: api.server.url, token: () => session.current()?.token, timeoutMs: 5000 }),
    projection,
    outbox,
    attachments: openAttachmentStore({ dir: path.join(dir.dir, 'files'), key: Buffer.alloc(32, 8), maxFileBytes: 1e6 }),
    now,
    log: createLogger('sync', 'error', () => {}),
    onStatus: (next) => (status = next),
    onTicketsChanged: () => {},
    session: () => session.current(),
    pollIntervalMs: 50,
    backoffBaseMs: 10,
  });
  session.onChange(() => engine.nudge());
  return { engine, outbox, projection, session, db, status: () => status };
}

describe('decisions belong to the operator who made them', () => {
  it('keeps A’s offline decision through sign-out and B’s session, and delivers it once, as A, when A is back', async () => {
    const mine = await newTicket();
    const theirs = await newTicket();
    const anna = startConsole({ apiUrl: proxy.url, token: tokens['op-anna'], operatorId: 'op-anna' });
    const profileDir = anna.profileDir;
    try {
      await anna.settled();
      proxy.setOffline(true);
      await anna.until((s) => s.online === false);
      await anna.call('decisions.submit', { ticketId: mine, action: 'SEND_FORM' });
      expect(await anna.call('sync.status')).toMatchObject({ pending: 1, pendingOtherOperators: 0 });
      await anna.call('auth.logout');
      // Signed out, the decision stays queued: it is nobody's session's to send.
      await expect(anna.call('sync.status')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await anna.close();

      proxy.setOffline(false);
      const luca = startConsole({ apiUrl: proxy.url, token: tokens['op-luca'], operatorId: 'op-luca', profileDir });
      try {
        await luca.settled();
        await luca.call('decisions.submit', { ticketId: theirs, action: 'SEND_FORM' });
        const status = await luca.until((s) => s.online === true && s.phase === 'idle' && s.pending === 0);
        expect(status).toMatchObject({ pendingOtherOperators: 1, heldForReview: 0 });
        expect(serverDecisions(theirs).map((d) => d.operator_id)).toEqual(['op-luca']);
        expect(serverDecisions(mine)).toEqual([]);
        expect(api.server.tickets.get(mine).state).toBe('NEW');
        // Luca's console still shows Anna's decision waiting on the ticket, and will not let him decide over it.
        const detail = await luca.call<{ state: string; pendingDecision: { action: string } | null }>('tickets.get', {
          ticketId: mine,
        });
        expect(detail).toMatchObject({ state: 'FORM_SENT', pendingDecision: { action: 'SEND_FORM' } });
      } finally {
        await luca.close();
      }

      const back = startConsole({ apiUrl: proxy.url, token: tokens['op-anna'], operatorId: 'op-anna', profileDir });
      try {
        const status = await back.until((s) => s.online === true && s.phase === 'idle' && s.pending === 0);
        expect(status).toMatchObject({ pendingOtherOperators: 0, heldForReview: 0 });
        expect(serverDecisions(mine).map((d) => d.operator_id)).toEqual(['op-anna']);
        expect(api.server.tickets.get(mine).state).toBe('FORM_SENT');
      } finally {
        await back.remove();
      }
    } finally {
      proxy.setOffline(false);
    }
  });

  it('switching sessions in one run sends each operator’s decisions with their own token only', async () => {
    const [annas, lucas] = [await newTicket(), await newTicket()];
    const { engine, outbox, projection, session, status } = engineWithSession();
    try {
      for (const id of [annas, lucas]) projection.upsert(api.server.tickets.get(id));
      const anna = sessionOf('op-anna');
      const luca = sessionOf('op-luca');
      outbox.record(sendForm(annas), anna.operator, 'd');
      outbox.record(sendForm(lucas), luca.operator, 'd');
      expect(outbox.counts(undefined)).toMatchObject({ pending: 0, pendingOtherOperators: 2, heldForReview: 0 });

      session.set(luca);
      engine.start();
      await vi.waitFor(() => expect(status()).toMatchObject({ online: true, phase: 'idle', pending: 0 }), {
        timeout: 10_000,
        interval: 20,
      });
      expect(status()?.pendingOtherOperators).toBe(1);
      expect(serverDecisions(lucas).map((d) => d.operator_id)).toEqual(['op-luca']);
      expect(serverDecisions(annas)).toEqual([]);

      session.set(undefined);
      session.set(anna);
      await vi.waitFor(() => expect(status()).toMatchObject({ pending: 0, pendingOtherOperators: 0 }), {
        timeout: 10_000,
        interval: 20,
      });
      expect(serverDecisions(annas).map((d) => d.operator_id)).toEqual(['op-anna']);
      expect(serverDecisions(lucas)).toHaveLength(1);
    } finally {
      await engine.stop();
    }
  });
});

describe('reconnection', () => {
  it('sends what backed off while offline as soon as the API answers, not when the backoff runs out', async () => {
    const ids = [await newTicket(), await newTicket(), await newTicket()];
    const { engine, outbox, projection, session, status } = engineWithSession();
    try {
      const anna = sessionOf('op-anna');
      session.set(anna);
      for (const id of ids) {
        projection.upsert(api.server.tickets.get(id));
        const { decisionId } = outbox.record(sendForm(id), anna.operator, 'd');
        // As failed attempts while offline leave it: the next one ten minutes away.
        outbox.reschedule(decisionId, new Date(Date.now() + 600_000).toISOString(), 'ECONNREFUSED');
      }
      expect(outbox.due(100, 'op-anna')).toEqual([]);
      engine.start();
      await vi.waitFor(() => expect(status()).toMatchObject({ online: true, phase: 'idle', pending: 0 }), {
        timeout: 5000,
        interval: 20,
      });
      for (const id of ids) expect(serverDecisions(id).map((d) => d.operator_id)).toEqual(['op-anna']);
    } finally {
      await engine.stop();
    }
  });
});

describe('a batch the API refuses as a whole', () => {
  it('asks again decision by decision, so a sound decision is not refused for its neighbour’s fault', async () => {
    const [sound, broken] = [await newTicket(), await newTicket()];
    const { engine, outbox, projection, session, db, status } = engineWithSession();
    try {
      const anna = sessionOf('op-anna');
      session.set(anna);
      for (const id of [sound, broken]) projection.upsert(api.server.tickets.get(id));
      outbox.record(sendForm(sound), anna.operator, 'd');
      const { decisionId } = outbox.record(sendForm(broken), anna.operator, 'd');
      // A field this API does not know, as a console of another version could write: the batch's
      // schema refuses the whole request.
      db.prepare("UPDATE outbox SET body = json_set(body, '$.unknownField', 1) WHERE decision_id = ?").run(decisionId);
      engine.start();
      await vi.waitFor(() => expect(status()).toMatchObject({ online: true, phase: 'idle', pending: 0 }), {
        timeout: 10_000,
        interval: 20,
      });
      expect(serverDecisions(sound).map((d) => d.operator_id)).toEqual(['op-anna']);
      expect(api.server.tickets.get(sound).state).toBe('FORM_SENT');
      expect(serverDecisions(broken)).toEqual([]);
      const settled = db.prepare('SELECT ticket_id, status, response FROM outbox').all() as {
        ticket_id: string;
        status: string;
        response: string;
      }[];
      expect(settled.find((row) => row.ticket_id === sound)?.status).toBe('ACKED');
      const refused = settled.find((row) => row.ticket_id === broken)!;
      expect(refused.status).toBe('REJECTED');
      expect(JSON.parse(refused.response)).toMatchObject({ status: 400 });
    } finally {
      await engine.stop();
    }
  });
});

describe('cache migration 5: the outbox names each decision’s maker', () => {
  const KEY = Buffer.alloc(32, 11);
  const AT = '2026-11-20T09:00:00.000Z';
  const ticket = (n: number): Ticket => ({
    id: `UE-2026-${String(900 + n).padStart(6, '0')}`,
    version: 1,
    state: 'NEW',
    applicant: intake().applicant as Ticket['applicant'],
    consentAt: AT,
    attachments: [],
    evidenceHash: '0'.repeat(64),
    lease: null,
    lastDecision: null,
    pendingCountersign: null,
    createdAt: AT,
    updatedAt: AT,
  });

  /** A cache as the console of schema 4 left it: decisions queued and settled, each with the audit row it wrote. */
  function schema4Cache(): string {
    const dir = tempDir('outbox-v4');
    cleanup.push(() => dir.remove());
    const file = path.join(dir.dir, 'cache.db');
    const old = new Database(file);
    old.pragma(`cipher='sqlcipher'`);
    old.pragma('legacy=4');
    old.pragma(`key="x'${KEY.toString('hex')}'"`);
    old.transaction(() => {
      CACHE_MIGRATIONS.slice(0, 4).forEach((sql) => old.exec(sql));
      old.pragma('user_version = 4');
    })();
    createTicketProjection(old).applyFeedPage(
      [1, 2, 3, 4].map((n) => ({ kind: 'ticket' as const, ticket: ticket(n) })),
      'c',
      AT,
    );
    const queued = (n: number, decisionId: string, status: string, operator: string | null) => {
      const body = {
        baseVersion: 1,
        action: 'SEND_FORM',
        reasonCodes: [],
        countersignFlags: [],
        evidenceHash: '0'.repeat(64),
        deviceId: 'd',
        decidedAt: AT,
      };
      old
        .prepare(
          'INSERT INTO outbox (decision_id, ticket_id, body, status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(decisionId, ticket(n).id, JSON.stringify(body), status, AT, AT);
      if (status === 'PENDING')
        old
          .prepare("UPDATE tickets SET local_state = 'FORM_SENT', pending = pending + 1 WHERE id = ?")
          .run(ticket(n).id);
      if (operator)
        old
          .prepare('INSERT INTO local_audit (at, action, ticket_id, details) VALUES (?, ?, ?, ?)')
          .run(AT, 'decision.recorded', ticket(n).id, JSON.stringify({ decisionId, action: 'SEND_FORM', operator }));
    };
    queued(1, '0190a000-0000-7000-8000-000000000001', 'PENDING', 'op-anna');
    queued(2, '0190a000-0000-7000-8000-000000000002', 'PENDING', 'op-luca');
    // Its audit row is missing: the cache cannot know who made it.
    queued(3, '0190a000-0000-7000-8000-000000000003', 'PENDING', null);
    queued(4, '0190a000-0000-7000-8000-000000000004', 'ACKED', 'op-anna');
    old.close();
    return file;
  }

  it('takes each queued decision’s maker from its audit row and holds the one it cannot attribute, visibly', () => {
    const db = openCacheDatabase(schema4Cache(), KEY);
    cleanup.unshift(() => db.close());
    expect(db.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.length);
    expect(
      db
        .prepare('SELECT decision_id, operator_id FROM outbox ORDER BY decision_id')
        .all()
        .map((r) => Object.values(r as object)[1]),
    ).toEqual(['op-anna', 'op-luca', null, 'op-anna']);

    const outbox = createOutbox(db, () => new Date('2026-11-21T00:00:00Z'));
    expect(outbox.due(100, 'op-anna').map((e) => e.ticketId)).toEqual([ticket(1).id]);
    expect(outbox.due(100, 'op-luca').map((e) => e.ticketId)).toEqual([ticket(2).id]);
    expect(outbox.counts('op-anna')).toEqual({ pending: 1, pendingOtherOperators: 1, heldForReview: 1, conflicts: 0 });
    expect(outbox.counts(undefined)).toEqual({ pending: 0, pendingOtherOperators: 2, heldForReview: 1, conflicts: 0 });
    expect(outbox.nextDueAt('op-nuovo')).toBeUndefined();

    // The held decision says why on its ticket, and keeps the ticket's pending state: nothing is dropped.
    const held = createTicketQueries(db, () => new Date()).detail(ticket(3).id);
    expect(held).toMatchObject({ state: 'FORM_SENT', pendingDecision: { action: 'SEND_FORM' } });
    expect(held.pendingDecision?.lastError).toMatch(/Held for review/);
    expect(createTicketQueries(db, () => new Date()).detail(ticket(1).id).pendingDecision?.lastError).toBeNull();
  });
});
