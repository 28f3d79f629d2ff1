import type { DuplicateMatch } from '../../../common/checks/verdict.ts';
import { foldIcao, foldToBase } from '../../../common/domain/name-folding.ts';
import type { CacheDb } from '../cache/cache-database.ts';
import { prepared } from '../cache/statements.ts';
import { ftsQuery } from '../cache/ticket-queries.ts';

export interface IdentityKeys {
  email?: string;
  documentNumbers: string[];
  surname?: string;
  givenNames?: string;
  birthDates: string[];
}

interface Candidate {
  id: string;
  state: string;
  applicant_name: string;
  email: string;
  created_at: string;
}

/** A document number as the search index holds it: letters and digits only, upper case. */
export const documentNumberToken = (value: string) => value.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * FTS5 terms for a name: every word of one of its spellings (as a keyboard without its letters
 * types it, as an MRZ transliterates it), exact and quoted so input is never query syntax. The
 * index keeps no columns (detail = none): the confirmation step checks where a word was.
 */
function nameTerms(name: string): string | undefined {
  const spellings = [...new Set([foldToBase(name), foldIcao(name)])]
    .map((spelling) => spelling.split(/[^\p{L}\p{N}]+/u).filter(Boolean))
    .filter((words) => words.length > 0)
    .map((words) => `(${words.map((word) => `"${word.replaceAll('"', '')}"`).join(' AND ')})`);
  return spellings.length ? spellings.join(' OR ') : undefined;
}

/**
 * Other tickets in the cache from the same person: the same e-mail, the same document number, or
 * the same name with the same birth date. The full-text index narrows the candidates; each is
 * confirmed on the stored values, so a shared word ("example", "maria") never counts alone.
 */
export function findDuplicates(db: CacheDb, ticketId: string, keys: IdentityKeys): DuplicateMatch[] {
  const found = new Map<string, DuplicateMatch>();
  const add = (row: Candidate, on: DuplicateMatch['matchedOn'][number]) => {
    if (row.id === ticketId) return;
    const match = found.get(row.id) ?? {
      ticketId: row.id,
      state: row.state as DuplicateMatch['state'],
      applicantName: row.applicant_name,
      email: row.email,
      createdAt: row.created_at,
      matchedOn: [],
    };
    if (!match.matchedOn.includes(on)) match.matchedOn.push(on);
    found.set(row.id, match);
  };
  const candidates = (match: string, confirm: string, ...params: unknown[]) =>
    prepared(
      db,
      `SELECT t.id, t.state, t.applicant_name, t.email, t.created_at
         FROM tickets_fts f JOIN tickets t ON t.rowid = f.rowid
         LEFT JOIN ticket_checks c ON c.ticket_id = t.id
         LEFT JOIN ticket_documents d ON d.id = t.id
        WHERE tickets_fts MATCH ? AND ${confirm}
        LIMIT 50`,
    ).all(match, ...params) as Candidate[];

  const email = keys.email?.trim().toLowerCase();
  const emailQuery = email && ftsQuery(email)?.replaceAll('*', '');
  if (email && emailQuery) {
    for (const row of candidates(emailQuery, 'lower(t.email) = ?', email)) add(row, 'email');
  }

  for (const token of new Set(keys.documentNumbers.map(documentNumberToken).filter((t) => t.length >= 5))) {
    const confirm = "(' ' || c.document_numbers || ' ') LIKE ?";
    for (const row of candidates(`"${token}"`, confirm, `% ${token} %`)) add(row, 'documentNumber');
  }

  // The surname and the first given name, with a birth date stated by the web form or read by the checks.
  const firstGivenName = keys.givenNames?.trim().split(/\s+/)[0];
  const surnameTerms = keys.surname?.trim() ? nameTerms(keys.surname) : undefined;
  const givenTerms = firstGivenName ? nameTerms(firstGivenName) : undefined;
  if (surnameTerms && givenTerms) {
    const confirm = "(d.server_json ->> '$.applicant.birthDate' = ? OR (' ' || c.birth_dates || ' ') LIKE ?)";
    for (const birthDate of new Set(keys.birthDates)) {
      for (const row of candidates(`(${surnameTerms}) AND (${givenTerms})`, confirm, birthDate, `% ${birthDate} %`))
        add(row, 'nameAndBirthDate');
    }
  }
  return [...found.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
