import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseFromTheFutureError, openDatabase } from '../../server/storage/database.ts';
import { MIGRATIONS } from '../../server/storage/migrations.ts';
import { formEmail, intake, startApiFixture, SYSTEM_KEY } from '../support/api-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

type Fixture = Awaited<ReturnType<typeof startApiFixture>>;
let api: Fixture;
let token: string;

beforeAll(async () => {
  api = await startApiFixture();
  token = await api.loginAs('op-anna');
});
afterAll(() => api.close());

describe('change feed', () => {
  it('pages through every change in a stable order and resumes from the cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1)
      ids.push((await api.request('POST', '/tickets', { token: SYSTEM_KEY, body: intake() })).json.id as string);
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const page = await api.request('GET', `/feed?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token });
      seen.push(...(page.json.entries as { ticket: { id: string } }[]).map((e) => e.ticket.id));
      cursor = page.json.cursor as string;
      if (!page.json.hasMore) break;
    }
    expect(seen).toEqual(ids);
    const nothing = await api.request('GET', `/feed?cursor=${cursor}`, { token });
    expect(nothing.json.entries).toEqual([]);
    await api.request('POST', `/tickets/${ids[2]}/emails`, { token: SYSTEM_KEY, body: formEmail() });
    const next = await api.request('GET', `/feed?cursor=${cursor}`, { token });
    expect(
      (next.json.entries as { ticket: { id: string; state: string } }[]).map((e) => [e.ticket.id, e.ticket.state]),
    ).toEqual([[ids[2], 'DOCS_RECEIVED']]);
  });
});

describe('attachments', () => {
  it('serves content by hash with its digest, and byte ranges', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 7)]);
    const id = (await api.request('POST', '/tickets', { token: SYSTEM_KEY, body: intake() })).json.id as string;
    await api.request('POST', `/tickets/${id}/emails`, { token: SYSTEM_KEY, body: formEmail(pdf) });
    const sha = createHash('sha256').update(pdf).digest('hex');
    const whole = await fetch(new URL(`tickets/${id}/attachments/${sha}`, api.server.url), {
      headers: { Authorization: `Bearer ${token}` },
    });
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
    expect(whole.headers.get('x-content-sha256')).toBe(sha);
    // A hostile upload opened in a browser runs nothing and loads nothing.
    expect(whole.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(whole.headers.get('content-disposition')).toBe('attachment');
    expect(whole.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(sha, 'hex').toString('base64')}:`);
    const tail = await fetch(new URL(`tickets/${id}/attachments/${sha}`, api.server.url), {
      headers: { Authorization: `Bearer ${token}`, Range: 'bytes=-100' },
    });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${pdf.length - 100}-${pdf.length - 1}/${pdf.length}`);
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(pdf.subarray(pdf.length - 100));
    const other = (await api.request('POST', '/tickets', { token: SYSTEM_KEY, body: intake() })).json.id as string;
    expect((await api.request('GET', `/tickets/${other}/attachments/${sha}`, { token })).status).toBe(404);
  });
});

describe('server database migrations', () => {
  const dir = tempDir('migrations');
  afterAll(() => dir.remove());

  it('creates a fresh database at the latest version in WAL mode', () => {
    const db = openDatabase(path.join(dir.dir, 'fresh.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database from a newer version without touching it', () => {
    const file = path.join(dir.dir, 'future.db');
    const future = new Database(file);
    future.exec('CREATE TABLE keep (x)');
    future.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    future.close();
    expect(() => openDatabase(file)).toThrow(DatabaseFromTheFutureError);
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'tickets'").get()).toBeUndefined();
    after.close();
  });

  it('refuses a file that is not a database', () => {
    const file = path.join(dir.dir, 'garbage.db');
    writeFileSync(file, 'this is not sqlite at all, just text long enough to have a header');
    expect(() => openDatabase(file)).toThrow(/not a database/);
  });
});

describe('upgrading a server database from an older version', () => {
  const dir = tempDir('old-server-db');
  afterAll(() => dir.remove());

  it('migrates a version-1 database with tickets in it and serves them unchanged', async () => {
    const file = path.join(dir.dir, 'v1.db');
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    const applicant = {
      nome: 'Ana',
      cognome: 'Núñez',
      email: 'ana@example.es',
      telefono: '+34612345678',
      nationality: 'ES',
      residenceCountry: 'ES',
      language: 'es',
    };
    old
      .prepare(
        "INSERT INTO tickets (id, seq, version, state, data, created_at, updated_at) VALUES ('UE-2025-000001', 1, 1, 'NEW', ?, '2025-06-01T10:00:00.000Z', '2025-06-01T10:00:00.000Z')",
      )
      .run(
        JSON.stringify({
          applicant,
          consentAt: '2025-06-01T09:59:00.000Z',
          lastDecision: null,
          pendingCountersign: null,
        }),
      );
    old.prepare("UPDATE meta SET value = '1' WHERE key = 'feed_seq'").run();
    old.close();

    const upgraded = openDatabase(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    upgraded.close();
    const { startApiServer } = await import('../../server/api-server.ts');
    const server = await startApiServer({
      dbFile: file,
      port: 0,
      systemKey: 'k'.repeat(32),
      version: 't',
      trust: { roots: [], requiredPolicies: [], policiesOf: () => [] },
      validateResponses: true,
    });
    try {
      server.people.enroll({
        id: 'op-x',
        codiceFiscale: 'RSSMRA80A01H501U',
        name: 'X',
        role: 'operator',
        inTraining: false,
      });
      const { token } = server.people.openSession('op-x', 60);
      const feed = await (await fetch(`${server.url}feed`, { headers: { Authorization: `Bearer ${token}` } })).json();
      expect(feed.entries).toEqual([
        expect.objectContaining({
          kind: 'ticket',
          ticket: expect.objectContaining({ id: 'UE-2025-000001', applicant }),
        }),
      ]);
    } finally {
      await server.close();
    }
  });
});
