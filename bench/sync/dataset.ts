import path from 'node:path';
import type { z } from 'zod';
import { IntakeRequestSchema, type FeedPageSchema, type Ticket } from '../../common/api/schemas.ts';
import { startApiServer, type ApiServer } from '../../server/api-server.ts';
import { intake, OPERATORS } from '../../test/support/api-fixture.ts';

export type FeedPage = z.output<typeof FeedPageSchema>;

/** Tickets created per outer transaction: each `create` stays atomic (a savepoint), the batch saves a commit each. */
const BATCH = 500;
const SESSION_SECONDS = 8 * 3600;
const NATIONALITIES = ['DE', 'FR', 'ES', 'PL', 'RO', 'UA', 'BR', 'IN', 'CN', 'US'];

export interface SyncDataset {
  server: ApiServer;
  /** Bearer token of an enrolled operator, for `/feed`. */
  token: string;
  /** Every ticket exactly as `/feed` returned it. */
  documents: Ticket[];
  close(): Promise<void>;
}

/** The n-th applicant: distinct names and addresses so no two documents are the same bytes. */
function applicantIntake(n: number) {
  const base = intake();
  const country = NATIONALITIES[n % NATIONALITIES.length]!;
  return IntakeRequestSchema.parse({
    ...base,
    applicant: {
      ...base.applicant,
      nome: `Nome${n}`,
      cognome: `Cognome${n}`,
      email: `applicant.${n}@example.org`,
      nationality: country,
      residenceCountry: country,
    },
  });
}

/** One page of the feed, as large as the API allows (fewest round trips), parsed from its text. */
export async function fetchFeedPage(url: string, token: string, cursor: string): Promise<FeedPage> {
  const response = await fetch(new URL(`feed?limit=1000&cursor=${encodeURIComponent(cursor)}`, url), {
    headers: { Authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET /feed: ${response.status} ${text}`);
  return JSON.parse(text) as FeedPage;
}

/** Reads the whole feed once, so every peer of the benchmark gets the very documents the API serves. */
export async function readFeed(url: string, token: string): Promise<Ticket[]> {
  const tickets: Ticket[] = [];
  for (let cursor: string | undefined = ''; cursor !== undefined;) {
    const page = await fetchFeedPage(url, token, cursor);
    for (const entry of page.entries) if (entry.kind === 'ticket') tickets.push(entry.ticket);
    cursor = page.hasMore ? page.cursor : undefined;
  }
  return tickets;
}

/**
 * The reference API on a free loopback port, its database in `dir` holding `tickets` new tickets
 * (each with a tiny PNG), created through the ticket store so audit chain, outbox and feed
 * sequence are exactly what intake over HTTP would leave.
 */
export async function createSyncDataset(dir: string, tickets: number): Promise<SyncDataset> {
  const server = await startApiServer({
    dbFile: path.join(dir, 'central.db'),
    port: 0,
    systemKey: 'bench-sync-intake-key-0123456789',
    version: 'bench',
    trust: { roots: [], requiredPolicies: [], policiesOf: () => [] },
  });
  try {
    const createBatch = server.db.transaction((from: number, to: number) => {
      for (let n = from; n < to; n += 1) server.tickets.create(applicantIntake(n), 'urp-online');
    });
    for (let from = 0; from < tickets; from += BATCH) createBatch(from, Math.min(from + BATCH, tickets));
    const operator = OPERATORS[0]!;
    server.people.enroll(operator);
    const { token } = server.people.openSession(operator.id, SESSION_SECONDS);
    const documents = await readFeed(server.url, token);
    if (documents.length !== tickets) throw new Error(`the feed has ${documents.length} tickets, not ${tickets}`);
    return { server, token, documents, close: () => server.close() };
  } catch (error) {
    await server.close();
    throw error;
  }
}
