import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../common/contract/methods.ts';
import { createCentralApiClient } from '../../electron/services/api/central-api-client.ts';
import { openAttachmentStore } from '../../electron/services/attachments/attachment-store.ts';
import { openCacheDatabase } from '../../electron/services/cache/cache-database.ts';
import { CACHE_MIGRATIONS } from '../../electron/services/cache/cache-migrations.ts';
import { createOutbox } from '../../electron/services/cache/outbox.ts';
import { createTicketProjection } from '../../electron/services/cache/ticket-projection.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { createSyncEngine } from '../../electron/services/sync/sync-engine.ts';
import { formEmail, intake, startApiFixture, SYSTEM_KEY } from '../support/api-fixture.ts';
import { startChaosProxy, type ChaosProxy } from '../support/chaos-proxy.ts';
import { startConsole } from '../support/console-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
let proxy: ChaosProxy;
let anna: string;
let luca: string;

beforeAll(async () => {
  api = await startApiFixture();
  proxy = await startChaosProxy(api.server.url, { seed: 1 });
  anna = await api.loginAs('op-anna');
  luca = await api.loginAs('op-luca');
});
afterAll(async () => {
  await proxy.close();
  await api.close();
});

const DOCUMENT_NUMBER = 'YB7391046Q';

async function newTicket(withDocuments = true, name = 'Müller'): Promise<string> {
  const body = intake();
  body.applicant.cognome = name;
  const id = (await api.request('POST', '/tickets', { token: SYSTEM_KEY, body })).json.id as string;
  // The form carries a document number in clear text, as a filled PDF does.
  const form = Buffer.from(`%PDF-1.7\n% documento_numero (${DOCUMENT_NUMBER}) ${name}\n%%EOF\n`);
  if (withDocuments) await api.request('POST', `/tickets/${id}/emails`, { token: SYSTEM_KEY, body: formEmail(form) });
  return id;
}

const serverTicket = async (id: string) => (await api.request('GET', `/tickets/${id}`, { token: anna })).json;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('sync engine', () => {
  it('pulls the feed, claims, decides and delivers the decision exactly once', async () => {
    const id = await newTicket();
    const console = startConsole({ apiUrl: proxy.url, token: anna, operatorId: 'op-anna' });
    try {
      await console.settled();
      const found = await console.call<{ rows: { id: string; state: string }[] }>('tickets.query', { text: id });
      expect(found.rows).toEqual([expect.objectContaining({ id, state: 'DOCS_RECEIVED' })]);
      await console.call('tickets.claim', { ticketId: id });
      const decided = await console.call<{ state: string }>('decisions.submit', {
        ticketId: id,
        action: 'APPROVE',
        services: ['CABOTAGGIO'],
      });
      expect(decided.state).toBe('APPROVED');
      await console.settled();
      expect((await serverTicket(id)).state).toBe('APPROVED');
      const detail = await console.call<{ state: string; pendingDecision: unknown }>('tickets.get', { ticketId: id });
      expect(detail).toMatchObject({ state: 'APPROVED', pendingDecision: null });
    } finally {
      await console.remove();
    }
  });

  it('keeps working offline and delivers on reconnection', async () => {
    const id = await newTicket(false);
    const console = startConsole({ apiUrl: proxy.url, token: anna, operatorId: 'op-anna' });
    try {
      await console.settled();
      proxy.setOffline(true);
      await console.until((s) => s.online === false && s.phase === 'offline');
      await console.call('decisions.submit', { ticketId: id, action: 'SEND_FORM' });
      const offline = await console.call<{ rows: { state: string; pending: boolean }[] }>('tickets.query', {
        text: id,
      });
      expect(offline.rows[0]).toMatchObject({ state: 'FORM_SENT', pending: true });
      expect((await serverTicket(id)).state).toBe('NEW');
      await expect(console.call('tickets.claim', { ticketId: id })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      proxy.setOffline(false);
      await console.settled();
      expect((await serverTicket(id)).state).toBe('FORM_SENT');
    } finally {
      proxy.setOffline(false);
      await console.remove();
    }
  });

  it('turns a decision someone else beat it to into a visible conflict, and resolves it', async () => {
    const id = await newTicket(false);
    const console = startConsole({ apiUrl: proxy.url, token: anna, operatorId: 'op-anna' });
    try {
      await console.settled();
      proxy.setOffline(true);
      await console.until((s) => s.online === false);
      await console.call('decisions.submit', { ticketId: id, action: 'REJECT', reasonCodes: ['NO_REPLY'] });
      const theirs = await api.request('POST', `/tickets/${id}/decisions`, {
        token: luca,
        headers: { 'Idempotency-Key': randomUUID() },
        body: {
          baseVersion: 1,
          action: 'SEND_FORM',
          evidenceHash: (await serverTicket(id)).evidenceHash,
          deviceId: 'other',
          decidedAt: new Date().toISOString(),
        },
      });
      expect(theirs.status).toBe(201);
      proxy.setOffline(false);
      await console.until((s) => s.online === true && s.pending === 0 && s.conflicts === 1);
      const detail = await console.call<{
        state: string;
        conflict: { code: string; theirs: { decidedBy: string; action: string } };
      }>('tickets.get', {
        ticketId: id,
      });
      expect(detail.conflict).toMatchObject({
        code: 'STALE_VERSION',
        theirs: { decidedBy: 'op-luca', action: 'SEND_FORM' },
      });
      await console.until(
        async () => (await console.call<{ state: string }>('tickets.get', { ticketId: id })).state === 'FORM_SENT',
      );
      await console.call('conflicts.resolve', { ticketId: id, resolution: 'KEEP_THEIRS' });
      await console.until((s) => s.conflicts === 0);
    } finally {
      proxy.setOffline(false);
      await console.remove();
    }
  });

  it('keeps a pending decision on top of newer server state until it is settled', async () => {
    const id = await newTicket(true);
    const console = startConsole({ apiUrl: proxy.url, token: anna, operatorId: 'op-anna' });
    try {
      await console.settled();
      await console.call('tickets.claim', { ticketId: id });
      proxy.setOffline(true);
      await console.until((s) => s.online === false);
      await console.call('decisions.submit', { ticketId: id, action: 'REQUEST_INFO', reasonCodes: ['UNREADABLE'] });
      await api.request('PUT', `/tickets/${id}/lease`, { token: anna });
      proxy.setOffline(false);
      await console.settled();
      expect((await serverTicket(id)).state).toBe('INFO_REQUESTED');
    } finally {
      proxy.setOffline(false);
      await console.remove();
    }
  });

  it('delivers every decision exactly once through drops, resets, 5xx, duplicates and truncated answers', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, () => newTicket(false)));
    const console = startConsole({ apiUrl: proxy.url, token: anna, operatorId: 'op-anna' });
    try {
      await console.settled();
      proxy.setRates({
        dropAfterForward: 0.12,
        error502AfterForward: 0.1,
        error503: 0.1,
        resetMidBody: 0.1,
        duplicate: 0.1,
        truncateBody: 0.1,
      });
      for (const id of ids) await console.call('decisions.submit', { ticketId: id, action: 'SEND_FORM' });
      proxy.setRates({});
      await console.settled();
      for (const id of ids) {
        const applied = api.server.db
          .prepare("SELECT COUNT(*) AS n FROM decisions WHERE ticket_id = ? AND action = 'SEND_FORM'")
          .get(id) as { n: number };
        expect(applied.n, id).toBe(1);
      }
      expect(proxy.stats().requests).toBeGreaterThan(12);
    } finally {
      proxy.setRates({});
      await console.remove();
    }
  });

  it('drains the outbox on shutdown', async () => {
    const id = await newTicket(false);
    const console = startConsole({ apiUrl: api.server.url, token: anna, operatorId: 'op-anna' });
    await console.settled();
    await console.call('decisions.submit', { ticketId: id, action: 'SEND_FORM' });
    await console.remove();
    expect((await serverTicket(id)).state).toBe('FORM_SENT');
  });

  it('stores attachments verified and encrypted, re-downloads a corrupted one, purges after the retention', async () => {
    const id = await newTicket(true, 'Kowalczyk-Zzyzx');
    const console = startConsole({ apiUrl: api.server.url, token: anna, operatorId: 'op-anna', retentionMs: 0 });
    try {
      await console.settled();
      await console.call('tickets.claim', { ticketId: id });
      const ticket = (
        await console.call<{ ticket: { attachments: { sha256: string; contentType: string }[] } }>('tickets.get', {
          ticketId: id,
        })
      ).ticket;
      for (const file of ticket.attachments)
        await console.call('attachments.get', { ticketId: id, sha256: file.sha256 });
      const png = ticket.attachments.find((file) => file.contentType === 'image/png')!;
      const first = await console.call<{ data: Uint8Array }>('attachments.get', { ticketId: id, sha256: png.sha256 });
      expect(createHash('sha256').update(first.data).digest('hex')).toBe(png.sha256);
      const stored = filesUnder(path.join(console.profileDir, 'attachments')).find((f) =>
        f.includes(png.sha256.slice(2)),
      )!;
      const bytes = readFileSync(stored);
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 0xff, bytes.length - 3);
      writeFileSync(stored, bytes);
      const again = await console.call<{ data: Uint8Array }>('attachments.get', { ticketId: id, sha256: png.sha256 });
      expect(Buffer.from(again.data).equals(Buffer.from(first.data))).toBe(true);

      for (const file of filesUnder(console.profileDir)) {
        const content = readFileSync(file);
        expect(content.includes('Kowalczyk-Zzyzx'), file).toBe(false);
        expect(content.includes('juergen.mueller@example.de'), file).toBe(false);
        expect(content.includes(id), file).toBe(false);
        expect(content.includes(DOCUMENT_NUMBER), file).toBe(false);
      }

      await console.call('decisions.submit', { ticketId: id, action: 'REJECT', reasonCodes: ['UNREADABLE'] });
      await console.settled();
      await console.until(() => filesUnder(path.join(console.profileDir, 'attachments')).length === 0);
    } finally {
      await console.remove();
    }
  });
});

describe('cache database', () => {
  const dir = tempDir('cache-db');
  afterAll(() => dir.remove());
  const key = Buffer.alloc(32, 7);

  it('migrates a fresh cache and refuses a cache from a newer console, untouched', () => {
    const file = path.join(dir.dir, 'cache.db');
    openCacheDatabase(file, key).close();
    const raw = new Database(file);
    raw.pragma(`cipher='sqlcipher'`);
    raw.pragma('legacy=4');
    raw.pragma(`key="x'${key.toString('hex')}'"`);
    expect(raw.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.length);
    raw.pragma(`user_version = ${CACHE_MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openCacheDatabase(file, key)).toThrow(/newer Accredita/);
  });

  it('refuses the wrong key with a clear error', () => {
    const file = path.join(dir.dir, 'other.db');
    openCacheDatabase(file, key).close();
    expect(() => openCacheDatabase(file, Buffer.alloc(32, 8))).toThrow(/cannot be read with this workstation's key/);
  });
});

describe('long pulls', () => {
  const dir = tempDir('long-pull');
  afterAll(() => dir.remove());

  it('applies a feed of many pages through faults, with checkpoints on another thread, and ends equal to the server', async () => {
    for (let i = 0; i < 300; i += 1) api.server.tickets.create(intake() as never, 'urp-online');
    const faulty = await startChaosProxy(api.server.url, {
      seed: 7,
      rates: { delay: 0.2, delayMs: [1, 20], error503: 0.1, resetMidBody: 0.1, truncateBody: 0.1 },
    });
    const db = openCacheDatabase(path.join(dir.dir, 'cache.db'), Buffer.alloc(32, 5));
    const now = () => new Date();
    const projection = createTicketProjection(db);
    const outbox = createOutbox(db, now);
    const backstops: number[] = [];
    let status: SyncStatus | undefined;
    const engine = createSyncEngine({
      db,
      api: createCentralApiClient({ baseUrl: faulty.url, token: () => anna, timeoutMs: 5000 }),
      projection,
      outbox,
      attachments: openAttachmentStore({
        dir: path.join(dir.dir, 'files'),
        key: Buffer.alloc(32, 6),
        maxFileBytes: 1e6,
      }),
      now,
      log: createLogger('sync', 'error', () => {}),
      onStatus: (next) => {
        status = next;
        if (next.phase === 'pulling') backstops.push(db.pragma('wal_autocheckpoint', { simple: true }) as number);
      },
      onTicketsChanged: () => {},
      session: () => ({ token: anna, operator: { id: 'op-anna', name: 'Anna', role: 'operator' } }),
      pageSize: 25,
      pollIntervalMs: 50,
      backoffBaseMs: 10,
    });
    try {
      engine.start();
      await vi.waitFor(() => expect(status).toMatchObject({ online: true, phase: 'idle', progress: null }), {
        timeout: 30_000,
        interval: 50,
      });
      await engine.stop();
      // Inline checkpoints are back once the pull's thread has finished.
      expect(Math.max(...backstops)).toBeGreaterThan(1000);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const cached = db.prepare('SELECT id, server_version FROM tickets ORDER BY id').all() as {
        id: string;
        server_version: number;
      }[];
      const serverCount = (api.server.db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
      expect(cached).toHaveLength(serverCount);
      for (const row of cached) expect(row.server_version).toBe(api.server.tickets.get(row.id)?.version);
      const fts = db.prepare('SELECT COUNT(*) AS n FROM tickets_fts').get() as { n: number };
      expect(fts.n).toBe(serverCount);
    } finally {
      await engine.stop();
      db.close();
      await faulty.close();
    }
  });
});
