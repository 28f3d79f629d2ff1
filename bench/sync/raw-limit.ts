import path from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../../test/support/temp-dir.ts';
import { fetchFeedPage, type FeedPage } from './dataset.ts';

/**
 * The floor for any initial sync: every feed page fetched and parsed, then every ticket written
 * to a fresh SQLite table (WAL, on disk) with one prepared statement in one transaction. No
 * validation, no indexes beyond the key, no progress reporting: what is left is the cost of
 * moving the bytes, which no sync engine can beat. Timed end to end, opening the file included.
 */
export async function measureRawLimit(apiUrl: string, token: string): Promise<{ seconds: number; tickets: number }> {
  const dir = tempDir('raw-limit');
  const started = performance.now();
  const db = new Database(path.join(dir.dir, 'cache.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE tickets (
      id TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL, updated_at TEXT NOT NULL, doc TEXT NOT NULL
    ) STRICT`);

    const pages: FeedPage[] = [];
    for (let cursor: string | undefined = ''; cursor !== undefined;) {
      const page = await fetchFeedPage(apiUrl, token, cursor);
      pages.push(page);
      cursor = page.hasMore ? page.cursor : undefined;
    }

    const insert = db.prepare('INSERT INTO tickets (id, version, state, updated_at, doc) VALUES (?, ?, ?, ?, ?)');
    // The document is serialised again because a cache keeps the whole ticket, as PouchDB does.
    db.transaction(() => {
      for (const page of pages) {
        for (const entry of page.entries) {
          if (entry.kind === 'ticket') {
            const { ticket } = entry;
            insert.run(ticket.id, ticket.version, ticket.state, ticket.updatedAt, JSON.stringify(ticket));
          }
        }
      }
    })();
    const seconds = (performance.now() - started) / 1000;

    const { tickets } = db.prepare('SELECT COUNT(*) AS tickets FROM tickets').get() as { tickets: number };
    return { seconds, tickets };
  } finally {
    db.close();
    dir.remove();
  }
}
