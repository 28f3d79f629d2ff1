import path from 'node:path';
import type { Ticket } from '../../common/api/schemas.ts';
import { openCacheDatabase } from '../../electron/services/cache/cache-database.ts';
import { createTicketProjection } from '../../electron/services/cache/ticket-projection.ts';
import { createTicketQueries } from '../../electron/services/cache/ticket-queries.ts';
import { TicketQuerySchema } from '../../common/contract/methods.ts';
import { seededRandom } from '../../server/demo/random.ts';
import { percentile } from '../harness.ts';

/** Surnames of the benchmark caches: diacritics, letters of their own and two-word names, for search to fold. */
export const BENCH_SURNAMES = [
  'Müller',
  'García',
  'Nowak',
  'Øyvind',
  'Sharma',
  'Dela Cruz',
  'Öztürk',
  'Kowalczyk',
  'Smith',
  'Ødegård',
];

/**
 * Queue queries over a cache of `size` tickets made from the dataset's documents (ids and names
 * varied), as the operator's queue issues them: search words, state and country filters, scopes,
 * sorts and pages. Returns p50 and p95 latency, and the p95 of the same queries each computed
 * from scratch (nothing kept from the query before).
 */
export function measureQueries(dir: string, documents: readonly Ticket[], size: number, queries = 300) {
  const db = openCacheDatabase(path.join(dir, 'query-bench.db'), Buffer.alloc(32, 3));
  const projection = createTicketProjection(db);
  const random = seededRandom(5);
  const surnames = BENCH_SURNAMES;
  const states = ['NEW', 'FORM_SENT', 'DOCS_RECEIVED', 'UNDER_REVIEW', 'APPROVED'] as const;
  const pages: { kind: 'ticket'; ticket: Ticket }[][] = [];
  for (let i = 0; i < size; i += 1) {
    const base = documents[i % documents.length]!;
    const ticket: Ticket = {
      ...base,
      id: `UE-2026-${String(i + 1).padStart(6, '0')}`,
      state: states[i % states.length]!,
      applicant: {
        ...base.applicant,
        cognome: `${surnames[i % surnames.length]}${i % 997}`,
        email: `user${i}@example.org`,
      },
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    };
    (pages[Math.floor(i / 5000)] ??= []).push({ kind: 'ticket', ticket });
  }
  pages.forEach((page, i) => projection.applyFeedPage(page, `bench-${i}`, new Date().toISOString()));

  const queriesApi = createTicketQueries(db, () => new Date());
  const shapes = [
    () => ({ text: surnames[Math.floor(random() * surnames.length)]!.slice(0, 4) }),
    () => ({ text: `user${Math.floor(random() * size)}` }),
    () => ({ states: [states[Math.floor(random() * states.length)]!], sort: 'name' as const }),
    () => ({ nationality: 'DE', scope: 'unassigned' as const, direction: 'desc' as const }),
    () => ({ offset: Math.floor(random() * (size - 100)), limit: 100 }),
    () => ({ text: 'muller', states: ['NEW' as const, 'DOCS_RECEIVED' as const], withCounts: true }),
  ];
  const inputs = Array.from({ length: queries }, (_, i) => TicketQuerySchema.parse(shapes[i % shapes.length]!()));
  const times = (ask: () => ReturnType<typeof createTicketQueries>) =>
    inputs
      .map((input) => {
        const started = performance.now();
        ask().query(input, 'op-anna');
        return performance.now() - started;
      })
      .sort((a, b) => a - b);
  // As the queue asks: one query object, which keeps a search's matches and the chips' counts until the cache changes.
  const kept = times(() => queriesApi);
  // Every query from scratch, as after each write to the cache.
  const fresh = times(() => createTicketQueries(db, () => new Date()));
  db.close();
  return { p50: percentile(kept, 50), p95: percentile(kept, 95), p95FromScratch: percentile(fresh, 95) };
}
