import path from 'node:path';
import type { Ticket } from '../../common/api/schemas.ts';
import { openCacheDatabase } from '../../electron/services/cache/cache-database.ts';
import { createTicketProjection } from '../../electron/services/cache/ticket-projection.ts';
import { createTicketQueries } from '../../electron/services/cache/ticket-queries.ts';
import { TicketQuerySchema } from '../../common/contract/methods.ts';
import { seededRandom } from '../../server/demo/random.ts';
import { percentile } from '../harness.ts';

/**
 * Queue queries over a cache of `size` tickets made from the dataset's documents (ids and names
 * varied), as the operator's queue issues them: search words, state and country filters, scopes,
 * sorts and pages. Returns the p95 latency.
 */
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
  const times: number[] = [];
  for (let i = 0; i < queries; i += 1) {
    const input = TicketQuerySchema.parse(shapes[i % shapes.length]!());
    const started = performance.now();
    queriesApi.query(input, 'op-anna');
    times.push(performance.now() - started);
  }
  db.close();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}
