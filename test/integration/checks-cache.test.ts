import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket } from '../../common/api/schemas.ts';
import { TicketQuerySchema } from '../../common/contract/methods.ts';
import { openCacheDatabase, type CacheDb } from '../../electron/services/cache/cache-database.ts';
import { CACHE_MIGRATIONS } from '../../electron/services/cache/cache-migrations.ts';
import { createTicketProjection } from '../../electron/services/cache/ticket-projection.ts';
import { createTicketQueries } from '../../electron/services/cache/ticket-queries.ts';
import { createCheckStore } from '../../electron/services/checks/check-store.ts';
import { findDuplicates } from '../../electron/services/checks/duplicates.ts';
import { tempDir } from '../support/temp-dir.ts';

const KEY = Buffer.alloc(32, 9);
const dirs: { remove(): void }[] = [];
const dbs: CacheDb[] = [];
afterEach(() => {
  dbs.splice(0).forEach((db) => db.close());
  dirs.splice(0).forEach((dir) => dir.remove());
});

function openCache(): { db: CacheDb; file: string } {
  const dir = tempDir('checks-cache');
  dirs.push(dir);
  const file = path.join(dir.dir, 'cache.db');
  const db = openCacheDatabase(file, KEY);
  dbs.push(db);
  return { db, file };
}

let sequence = 0;
function ticket(applicant: Partial<Ticket['applicant']>, version = 1): Ticket {
  sequence += 1;
  const at = new Date(Date.UTC(2026, 0, 1, 0, sequence)).toISOString();
  return {
    id: randomUUID(),
    version,
    state: 'DOCS_RECEIVED',
    applicant: {
      nome: 'Anna',
      cognome: 'Rossi',
      email: `person${sequence}@example.org`,
      telefono: '+4915123456789',
      nationality: 'DE',
      residenceCountry: 'DE',
      language: 'de',
      ...applicant,
    },
    consentAt: at,
    attachments: [],
    evidenceHash: 'a'.repeat(64),
    lease: null,
    lastDecision: null,
    pendingCountersign: null,
    createdAt: at,
    updatedAt: at,
  };
}

const stored = (documentNumbers: string[], birthDates: string[] = []) => ({
  inputKey: 'k',
  computedAt: new Date().toISOString(),
  resultJson: '{}',
  documentNumbers,
  birthDates,
});

describe('duplicate search', () => {
  it('finds the same e-mail (any case), the same document number, and the same name with the same birth date', () => {
    const { db } = openCache();
    const projection = createTicketProjection(db);
    const checks = createCheckStore(db);
    const current = ticket({
      cognome: 'Müller',
      nome: 'Anna Maria',
      email: 'anna.mueller@example.de',
      birthDate: '1974-08-12',
    });
    const sameEmail = ticket({ cognome: 'Schmidt', email: 'Anna.Mueller@Example.de' });
    const sameDocument = ticket({ cognome: 'Meier' });
    const sameNameAndBirth = ticket({ cognome: 'Mueller', nome: 'ANNA', birthDate: '1974-08-12' });
    const sameNameMrzBirth = ticket({ cognome: 'Muller', nome: 'Anna' });
    const sameNameOtherBirth = ticket({ cognome: 'Müller', nome: 'Anna', birthDate: '1980-01-01' });
    const sharedWordsOnly = ticket({ cognome: 'Anna', nome: 'Müller', email: 'someone@example.de' });
    for (const t of [
      current,
      sameEmail,
      sameDocument,
      sameNameAndBirth,
      sameNameMrzBirth,
      sameNameOtherBirth,
      sharedWordsOnly,
    ])
      projection.upsert(t);
    checks.put(sameDocument.id, stored(['C01X 00T47']));
    checks.put(sameNameMrzBirth.id, stored([], ['1974-08-12']));
    checks.put(sameNameOtherBirth.id, stored(['X9999999']));

    const found = findDuplicates(db, current.id, {
      email: current.applicant.email,
      documentNumbers: ['c01x00t47'],
      surname: 'Müller',
      givenNames: 'Anna Maria',
      birthDates: ['1974-08-12'],
    });
    expect(Object.fromEntries(found.map((d) => [d.ticketId, d.matchedOn]))).toEqual({
      [sameEmail.id]: ['email'],
      [sameDocument.id]: ['documentNumber'],
      [sameNameAndBirth.id]: ['nameAndBirthDate'],
      [sameNameMrzBirth.id]: ['nameAndBirthDate'],
    });
  });

  it('never lists the ticket itself, and finds nothing for a new person', () => {
    const { db } = openCache();
    const projection = createTicketProjection(db);
    const only = ticket({ email: 'unique@example.org', birthDate: '1990-02-03' });
    projection.upsert(only);
    expect(
      findDuplicates(db, only.id, {
        email: 'unique@example.org',
        documentNumbers: ['AB1234567'],
        surname: 'Rossi',
        givenNames: 'Anna',
        birthDates: ['1990-02-03'],
      }),
    ).toEqual([]);
  });

  it('treats search syntax in the keys as plain text', () => {
    const { db } = openCache();
    const projection = createTicketProjection(db);
    const only = ticket({});
    projection.upsert(only);
    expect(() =>
      findDuplicates(db, only.id, {
        email: '"x" OR y*@example.org',
        documentNumbers: ['" OR *'],
        surname: 'NEAR(a b)',
        givenNames: '"',
        birthDates: ["1990-01-01' OR 1=1"],
      }),
    ).not.toThrow();
  });
});

describe('checks in the cache', () => {
  it('makes a ticket findable by its document number, also after the server sends a newer copy', () => {
    const { db } = openCache();
    const projection = createTicketProjection(db);
    const queries = createTicketQueries(db, () => new Date());
    const t = ticket({});
    projection.upsert(t);
    createCheckStore(db).put(t.id, stored(['YB7391046Q']));
    const search = () =>
      queries.query(TicketQuerySchema.parse({ text: 'YB7391046Q' }), undefined).rows.map((r) => r.id);
    expect(search()).toEqual([t.id]);
    projection.upsert({ ...t, version: 2, state: 'UNDER_REVIEW' });
    expect(search()).toEqual([t.id]);
  });

  it('keeps an operator-typed MRZ until it is cleared', () => {
    const { db } = openCache();
    const t = ticket({});
    createTicketProjection(db).upsert(t);
    const store = createCheckStore(db);
    store.setTypedMrz(t.id, 'P<UTO…', 'op-anna', '2026-01-01T00:00:00.000Z');
    expect(store.typedMrz(t.id)).toEqual({
      text: 'P<UTO…',
      operatorId: 'op-anna',
      typedAt: '2026-01-01T00:00:00.000Z',
    });
    store.setTypedMrz(t.id, null, 'op-anna', '2026-01-01T00:01:00.000Z');
    expect(store.typedMrz(t.id)).toBeUndefined();
  });
});

describe('cache migrations', () => {
  it('brings a cache written by every earlier schema up to date with its data intact', () => {
    for (let version = 1; version < CACHE_MIGRATIONS.length; version++) {
      const dir = tempDir('old-cache');
      dirs.push(dir);
      const file = path.join(dir.dir, 'cache.db');
      // An old console's cache: the migrations it knew, applied as it applied them, with a ticket in it.
      const old = new Database(file);
      old.pragma(`cipher='sqlcipher'`);
      old.pragma('legacy=4');
      old.pragma(`key="x'${KEY.toString('hex')}'"`);
      old.transaction(() => {
        CACHE_MIGRATIONS.slice(0, version).forEach((sql) => old.exec(sql));
        old.pragma(`user_version = ${version}`);
      })();
      old.close();
      const t = ticket({ cognome: 'Ødegård' });
      const before = openCacheDatabaseAt(file, version);
      createTicketProjection(before).upsert(t);
      before.close();

      const db = openCacheDatabase(file, KEY);
      dbs.push(db);
      expect(db.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.length);
      // Schema 4: one state sorted by name is read from its own index, not sorted.
      expect(
        db
          .prepare(
            "EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE state = 'NEW' ORDER BY applicant_name COLLATE NOCASE, id LIMIT 10",
          )
          .all()
          .map((step) => (step as { detail: string }).detail)
          .join(' | '),
      ).toMatch(/tickets_by_state_name(?!.*TEMP B-TREE)/);
      expect(
        createTicketQueries(db, () => new Date())
          .query(TicketQuerySchema.parse({ text: 'odegard' }), undefined)
          .rows.map((r) => r.id),
      ).toEqual([t.id]);
      createCheckStore(db).put(t.id, stored(['AB1234567']));
    }
  });
});

/** Opens an old cache without migrating it, as the console of that version did. */
function openCacheDatabaseAt(file: string, version: number): CacheDb {
  const db = new Database(file);
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key="x'${KEY.toString('hex')}'"`);
  expect(db.pragma('user_version', { simple: true })).toBe(version);
  return db;
}
