import type { z } from 'zod';
import type { FeedEntrySchema, Ticket } from '../../../common/api/schemas.ts';
import { searchSpellings } from '../../../common/domain/name-folding.ts';
import type { CacheDb } from './cache-database.ts';
import { prepared } from './statements.ts';

type FeedEntry = z.output<typeof FeedEntrySchema>;

/**
 * Keeps the server's view of each ticket. Server state wins for everything the console has not
 * touched; a ticket with a pending local decision keeps its local state on top (the `state`
 * column is COALESCE(local_state, server_state)) until the decision is settled.
 */
export function createTicketProjection(db: CacheDb) {
  const rowidOf = (id: string): number | undefined =>
    (prepared(db, 'SELECT rowid FROM tickets WHERE id = ?').get(id) as { rowid: number } | undefined)?.rowid;

  /** Writes the server's copy unless the cache holds a newer one; returns the ticket's rowid. */
  const upsert = (ticket: Ticket, known: number | undefined): number => {
    const name = `${ticket.applicant.cognome} ${ticket.applicant.nome}`;
    // Positional parameters: binding by name costs a property lookup per column on 10,000-ticket pulls.
    const { changes, lastInsertRowid } = prepared(
      db,
      `INSERT INTO tickets (id, server_version, server_state, applicant_name, email, nationality,
         lease_owner, lease_owner_name, lease_expires_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET server_version = excluded.server_version,
         server_state = excluded.server_state, applicant_name = excluded.applicant_name, email = excluded.email,
         nationality = excluded.nationality, lease_owner = excluded.lease_owner, lease_owner_name = excluded.lease_owner_name,
         lease_expires_at = excluded.lease_expires_at, updated_at = excluded.updated_at
       WHERE excluded.server_version >= tickets.server_version`,
    ).run(
      ticket.id,
      ticket.version,
      ticket.state,
      name,
      ticket.applicant.email,
      ticket.applicant.nationality,
      ticket.lease?.owner ?? null,
      ticket.lease?.ownerName ?? null,
      ticket.lease?.expiresAt ?? null,
      ticket.createdAt,
      ticket.updatedAt,
    );
    // An older copy than the one held (a late page, or a decision answer already applied) changes nothing.
    if (changes === 0) return known!;
    // Not known before: the row was inserted just now.
    const rowid = known ?? Number(lastInsertRowid);
    prepared(
      db,
      'INSERT INTO ticket_documents (id, server_json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET server_json = excluded.server_json',
    ).run(ticket.id, JSON.stringify(ticket));
    // Document numbers come from this console's own checks, not from the server: a new copy keeps them.
    let documents = '';
    if (known !== undefined) {
      prepared(db, 'DELETE FROM tickets_fts WHERE rowid = ?').run(known);
      documents =
        (
          prepared(db, 'SELECT document_numbers FROM ticket_checks WHERE ticket_id = ?').get(ticket.id) as
            { document_numbers: string } | undefined
        )?.document_numbers ?? '';
    }
    prepared(db, 'INSERT INTO tickets_fts (rowid, id, name, email, ticket, documents) VALUES (?, ?, ?, ?, ?, ?)').run(
      rowid,
      ticket.id,
      searchSpellings(name),
      ticket.applicant.email,
      ticket.id.replaceAll('-', ' '),
      documents,
    );
    return rowid;
  };

  const remove = (id: string): void => {
    const rowid = rowidOf(id);
    if (rowid === undefined) return;
    prepared(db, 'DELETE FROM tickets_fts WHERE rowid = ?').run(rowid);
    prepared(db, 'DELETE FROM attachments WHERE ticket_id = ?').run(id);
    prepared(db, 'DELETE FROM outbox WHERE ticket_id = ?').run(id);
    prepared(db, 'DELETE FROM ticket_documents WHERE id = ?').run(id);
    prepared(db, 'DELETE FROM tickets WHERE id = ?').run(id);
  };

  const setState = (key: string, value: string): void => {
    prepared(
      db,
      'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(key, value);
  };
  const getState = (key: string): string | undefined =>
    (prepared(db, 'SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined)?.value;

  return {
    upsert: (ticket: Ticket) => db.transaction(() => void upsert(ticket, rowidOf(ticket.id)))(),

    /** One page of the change feed and the cursor after it, in one transaction: a crash keeps both or neither. */
    applyFeedPage(entries: FeedEntry[], cursor: string, at: string): string[] {
      return db.transaction(() => {
        // Which of the page's tickets the cache holds, asked once rather than once per ticket;
        // kept up to date as the page is applied, since a page may name a ticket twice.
        const held = new Map(
          prepared(db, 'SELECT id, rowid FROM tickets WHERE id IN (SELECT value FROM json_each(?))')
            .raw()
            .all(JSON.stringify(entries.map((e) => (e.kind === 'ticket' ? e.ticket.id : e.id)))) as [string, number][],
        );
        for (const entry of entries) {
          if (entry.kind === 'ticket') held.set(entry.ticket.id, upsert(entry.ticket, held.get(entry.ticket.id)));
          else {
            remove(entry.id);
            held.delete(entry.id);
          }
        }
        setState('cursor', cursor);
        setState('lastSyncAt', at);
        return entries.map((e) => (e.kind === 'ticket' ? e.ticket.id : e.id));
      })();
    },

    cursor: (): string => getState('cursor') ?? '',
    lastSyncAt: (): string | null => getState('lastSyncAt') ?? null,
    markSynced: (at: string) => setState('lastSyncAt', at),
  };
}

export type TicketProjection = ReturnType<typeof createTicketProjection>;
