import { randomBytes } from 'node:crypto';
import { ApiProblem } from '../http/problem.ts';
import type { Db } from './database.ts';
import { prepared } from './statements.ts';
import { sha256Hex } from './ticket-store.ts';

export type Role = 'operator' | 'supervisor';

export interface Operator {
  id: string;
  codiceFiscale: string;
  name: string;
  role: Role;
  inTraining: boolean;
}

interface OperatorRow {
  id: string;
  codice_fiscale: string;
  name: string;
  role: Role;
  in_training: number;
}

const toOperator = (row: OperatorRow): Operator => ({
  id: row.id,
  codiceFiscale: row.codice_fiscale,
  name: row.name,
  role: row.role,
  inTraining: row.in_training === 1,
});

/** Operators, their sessions and login nonces. Tokens are stored only as hashes. */
export function createPeopleStore(db: Db, now: () => Date) {
  const nowIso = (): string => now().toISOString();
  return {
    enroll(operator: Operator): void {
      prepared(
        db,
        `INSERT INTO operators (id, codice_fiscale, name, role, in_training) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET codice_fiscale = excluded.codice_fiscale, name = excluded.name,
           role = excluded.role, in_training = excluded.in_training`,
      ).run(operator.id, operator.codiceFiscale, operator.name, operator.role, operator.inTraining ? 1 : 0);
    },

    byCodiceFiscale(cf: string): Operator | undefined {
      const row = prepared(db, 'SELECT * FROM operators WHERE codice_fiscale = ?').get(cf) as OperatorRow | undefined;
      return row && toOperator(row);
    },

    issueNonce(ttlSeconds: number): { nonce: string; expiresAt: string } {
      const nonce = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now().getTime() + ttlSeconds * 1000).toISOString();
      prepared(db, 'DELETE FROM nonces WHERE expires_at <= ?').run(nowIso());
      prepared(db, 'INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)').run(nonce, expiresAt);
      return { nonce, expiresAt };
    },

    /** A nonce works once: it is deleted whether or not the proof that uses it succeeds. */
    consumeNonce(nonce: string): boolean {
      const row = prepared(db, 'DELETE FROM nonces WHERE nonce = ? RETURNING expires_at').get(nonce) as
        { expires_at: string } | undefined;
      return row !== undefined && row.expires_at > nowIso();
    },

    openSession(operatorId: string, ttlSeconds: number): { token: string; expiresAt: string } {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now().getTime() + ttlSeconds * 1000).toISOString();
      prepared(db, 'INSERT INTO sessions (token_hash, operator_id, expires_at) VALUES (?, ?, ?)').run(
        sha256Hex(token),
        operatorId,
        expiresAt,
      );
      return { token, expiresAt };
    },

    session(token: string): { operator: Operator; expiresAt: string } {
      const row = prepared(
        db,
        `SELECT o.*, s.expires_at AS session_expires FROM sessions s JOIN operators o ON o.id = s.operator_id
           WHERE s.token_hash = ?`,
      ).get(sha256Hex(token)) as (OperatorRow & { session_expires: string }) | undefined;
      if (!row) throw new ApiProblem(401, 'TOKEN_INVALID', 'Unknown token: log in again');
      if (row.session_expires <= nowIso())
        throw new ApiProblem(401, 'TOKEN_EXPIRED', 'The session expired: log in again');
      return { operator: toOperator(row), expiresAt: row.session_expires };
    },
  };
}

export type PeopleStore = ReturnType<typeof createPeopleStore>;

const normalise = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]+/g, ' ')
    .trim();

/** The demo stand-in for Cliclavoro's registry of legacy accounts. */
export function createCliclavoroRegistry(db: Db) {
  return {
    add(person: { email: string; surname: string; givenNames: string; birthDate: string }): void {
      prepared(db, 'INSERT INTO cliclavoro_accounts (email, surname, given_names, birth_date) VALUES (?, ?, ?, ?)').run(
        person.email.toLowerCase(),
        normalise(person.surname),
        normalise(person.givenNames),
        person.birthDate,
      );
    },
    lookup(query: { email?: string; surname?: string; givenNames?: string; birthDate?: string }) {
      const matchedOn: string[] = [];
      if (
        query.email &&
        prepared(db, 'SELECT 1 FROM cliclavoro_accounts WHERE email = ?').get(query.email.toLowerCase())
      ) {
        matchedOn.push('email');
      }
      if (
        query.surname &&
        query.givenNames &&
        query.birthDate &&
        prepared(db, 'SELECT 1 FROM cliclavoro_accounts WHERE surname = ? AND given_names = ? AND birth_date = ?').get(
          normalise(query.surname),
          normalise(query.givenNames),
          query.birthDate,
        )
      ) {
        matchedOn.push('name+birthDate');
      }
      return { exists: matchedOn.length > 0, matchedOn };
    },
  };
}
