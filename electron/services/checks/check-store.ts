import type { CacheDb } from '../cache/cache-database.ts';
import { prepared } from '../cache/statements.ts';
import { checkSummaryOf } from './check-summary.ts';
import { documentNumberToken } from './duplicates.ts';

export interface StoredChecks {
  inputKey: string;
  computedAt: string;
  resultJson: string;
}

/**
 * Where the checks engine keeps its conclusions and the MRZs operators typed, in the encrypted
 * cache. Document numbers go into the search index too, so the queue finds a ticket by the
 * number on its ID and duplicate search can use it.
 */
export function createCheckStore(db: CacheDb) {
  return {
    get(ticketId: string): StoredChecks | undefined {
      const row = prepared(db, 'SELECT input_key, computed_at, result_json FROM ticket_checks WHERE ticket_id = ?').get(
        ticketId,
      ) as { input_key: string; computed_at: string; result_json: string } | undefined;
      return row && { inputKey: row.input_key, computedAt: row.computed_at, resultJson: row.result_json };
    },

    put(ticketId: string, stored: StoredChecks & { documentNumbers: string[]; birthDates: string[] }): void {
      const numbers = [...new Set(stored.documentNumbers.map(documentNumberToken).filter(Boolean))].join(' ');
      const summary = checkSummaryOf(JSON.parse(stored.resultJson));
      db.transaction(() => {
        const ticket = prepared(db, 'SELECT rowid FROM tickets WHERE id = ?').get(ticketId) as
          { rowid: number } | undefined;
        // The ticket may have been redacted while its checks ran: nothing to attach them to.
        if (!ticket) return;
        prepared(
          db,
          `INSERT INTO ticket_checks (ticket_id, input_key, computed_at, result_json, document_numbers, birth_dates,
             eligibility, mrz_status, cross_check, duplicates, italian_cf, eidas)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (ticket_id) DO UPDATE SET input_key = excluded.input_key, computed_at = excluded.computed_at,
             result_json = excluded.result_json, document_numbers = excluded.document_numbers,
             birth_dates = excluded.birth_dates, eligibility = excluded.eligibility, mrz_status = excluded.mrz_status,
             cross_check = excluded.cross_check, duplicates = excluded.duplicates, italian_cf = excluded.italian_cf,
             eidas = excluded.eidas`,
        ).run(
          ticketId,
          stored.inputKey,
          stored.computedAt,
          stored.resultJson,
          numbers,
          [...new Set(stored.birthDates)].join(' '),
          summary.eligibility,
          summary.mrz,
          summary.crossCheck,
          summary.duplicates,
          Number(summary.italianCf),
          Number(summary.eidas),
        );
        prepared(db, 'UPDATE tickets_fts SET documents = ? WHERE rowid = ?').run(numbers, ticket.rowid);
      })();
    },

    typedMrz(ticketId: string): { text: string; operatorId: string; typedAt: string } | undefined {
      const row = prepared(db, 'SELECT text, operator_id, typed_at FROM typed_mrz WHERE ticket_id = ?').get(
        ticketId,
      ) as { text: string; operator_id: string; typed_at: string } | undefined;
      return row && { text: row.text, operatorId: row.operator_id, typedAt: row.typed_at };
    },

    /** Stores the operator's MRZ, or forgets it (`text` null) to go back to the one read from the image. */
    setTypedMrz(ticketId: string, text: string | null, operatorId: string, at: string): void {
      if (text === null) prepared(db, 'DELETE FROM typed_mrz WHERE ticket_id = ?').run(ticketId);
      else
        prepared(
          db,
          `INSERT INTO typed_mrz (ticket_id, text, operator_id, typed_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (ticket_id) DO UPDATE SET text = excluded.text, operator_id = excluded.operator_id, typed_at = excluded.typed_at`,
        ).run(ticketId, text, operatorId, at);
    },
  };
}

export type CheckStore = ReturnType<typeof createCheckStore>;
