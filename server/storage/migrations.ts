/**
 * Ordered schema migrations; `user_version` counts how many have run. Append only: a shipped
 * migration is never edited, a change is a new entry.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  INSERT INTO meta (key, value) VALUES ('feed_seq', '0');

  CREATE TABLE operators (
    id TEXT PRIMARY KEY,
    codice_fiscale TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('operator', 'supervisor')),
    in_training INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    data TEXT NOT NULL,
    lease_owner TEXT REFERENCES operators(id),
    lease_expires_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    redacted INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
  ) STRICT;

  CREATE TABLE ticket_attachments (
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    kind TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (ticket_id, sha256)
  ) STRICT;

  CREATE TABLE decisions (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    action TEXT NOT NULL,
    resulting_state TEXT NOT NULL,
    reason_codes TEXT NOT NULL,
    body TEXT NOT NULL,
    operator_id TEXT NOT NULL REFERENCES operators(id),
    countersigned_by TEXT REFERENCES operators(id),
    country TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    handling_seconds REAL NOT NULL
  ) STRICT;
  CREATE INDEX decisions_by_time ON decisions (applied_at);
  CREATE INDEX decisions_by_operator ON decisions (operator_id, applied_at);

  CREATE TABLE idempotency (
    key TEXT PRIMARY KEY,
    operation TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE accounts (
    username TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL UNIQUE REFERENCES tickets(id),
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    must_change_password INTEGER NOT NULL,
    services TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    dedupe_key TEXT NOT NULL UNIQUE,
    ticket_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT
  ) STRICT;

  CREATE TABLE nonces (nonce TEXT PRIMARY KEY, expires_at TEXT NOT NULL) STRICT;
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators(id),
    expires_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    ticket_id TEXT,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT;
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

  CREATE TABLE cliclavoro_accounts (
    email TEXT NOT NULL,
    surname TEXT NOT NULL,
    given_names TEXT NOT NULL,
    birth_date TEXT NOT NULL
  ) STRICT;
  CREATE INDEX cliclavoro_by_email ON cliclavoro_accounts (email);
  CREATE INDEX cliclavoro_by_person ON cliclavoro_accounts (surname, given_names, birth_date);
  `,
  `
  -- Credentials are issued by a background worker from this queue, once per ticket (DESIGN.md §5).
  CREATE TABLE credential_jobs (
    ticket_id TEXT PRIMARY KEY REFERENCES tickets(id),
    services TEXT NOT NULL,
    created_at TEXT NOT NULL,
    done_at TEXT
  ) STRICT;
  CREATE INDEX credential_jobs_pending ON credential_jobs (created_at) WHERE done_at IS NULL;
  `,
  `
  -- The ticket as the API serialises it, refreshed on every write: feed pages concatenate these.
  ALTER TABLE tickets ADD COLUMN doc TEXT;
  `,
  `
  -- Supervisor history (issue 8). decisions is rebuilt with an integer sequence: keyset pages and
  -- the full-text index key on it, and applied_at never goes back along it, so a date range is a
  -- sequence range. Flags are bits in COUNTERSIGN_FLAGS order (common/api/schemas.ts).
  CREATE TABLE decisions_next (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    action TEXT NOT NULL,
    resulting_state TEXT NOT NULL,
    reason_codes TEXT NOT NULL,
    body TEXT NOT NULL,
    operator_id TEXT NOT NULL REFERENCES operators(id),
    operator_name TEXT NOT NULL,
    applicant_name TEXT,
    country TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    handling_seconds REAL NOT NULL,
    redirect_target TEXT,
    flags INTEGER NOT NULL DEFAULT 0,
    evidence_hash TEXT,
    countersign TEXT CHECK (countersign IN ('PENDING', 'CONFIRMED', 'RETURNED', 'VOIDED')),
    countersigned_by TEXT REFERENCES operators(id),
    countersigned_at TEXT,
    countersign_note TEXT
  ) STRICT;
  INSERT INTO decisions_next (id, ticket_id, action, resulting_state, reason_codes, body, operator_id, operator_name,
      applicant_name, country, decided_at, applied_at, handling_seconds, redirect_target, flags, countersign,
      countersigned_by)
    SELECT d.id, d.ticket_id, d.action, d.resulting_state, d.reason_codes, d.body, d.operator_id,
      COALESCE(o.name, d.operator_id),
      CASE WHEN t.redacted = 0 THEN json_extract(t.data, '$.applicant.nome') || ' ' || json_extract(t.data, '$.applicant.cognome') END,
      d.country, d.decided_at, d.applied_at, d.handling_seconds, json_extract(d.body, '$.redirectTarget'),
      (SELECT COALESCE(SUM(CASE f.value WHEN 'NO_MATCH_OVERRIDDEN' THEN 1 WHEN 'DOC_EXPIRING_SOON' THEN 2
                                        WHEN 'DUPLICATE_OVERRIDDEN' THEN 4 ELSE 0 END), 0)
         FROM json_each(d.body, '$.countersignFlags') f),
      CASE WHEN d.resulting_state = 'AWAITING_COUNTERSIGN' THEN 'PENDING'
           WHEN d.countersigned_by IS NOT NULL THEN 'CONFIRMED' END,
      d.countersigned_by
    FROM decisions d LEFT JOIN operators o ON o.id = d.operator_id LEFT JOIN tickets t ON t.id = d.ticket_id
    ORDER BY d.applied_at, d.id;
  DROP TABLE decisions;
  ALTER TABLE decisions_next RENAME TO decisions;
  CREATE INDEX decisions_by_time ON decisions (applied_at);
  CREATE INDEX decisions_by_operator ON decisions (operator_id);
  CREATE INDEX decisions_by_operator_action ON decisions (operator_id, action);
  CREATE INDEX decisions_by_country ON decisions (country);
  CREATE INDEX decisions_by_country_action ON decisions (country, action);
  CREATE INDEX decisions_by_action ON decisions (action);
  CREATE INDEX decisions_by_state ON decisions (resulting_state);
  CREATE INDEX decisions_by_flags ON decisions (flags);
  CREATE INDEX decisions_by_ticket ON decisions (ticket_id);
  CREATE INDEX decisions_by_countersign ON decisions (countersign) WHERE countersign IS NOT NULL;

  -- Full-text search over decisions; rowid = decisions.seq. Contentless: the text lives in the
  -- decision and the ticket, and a redaction deletes the row here. Without positions (detail=none):
  -- the history matches words, not phrases, and the index is a third of the size. Two- and
  -- three-letter prefixes are indexed: they are what a search box sends first, and would otherwise
  -- merge thousands of terms.
  CREATE VIRTUAL TABLE decision_search USING fts5(
    text, content = '', contentless_delete = 1, detail = none, prefix = '2 3',
    tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO decision_search (rowid, text)
    SELECT seq, concat_ws(' ', ticket_id, applicant_name, email,
      replace(replace(replace(replace(replace(lower(email), '.', ''), '@', ''), '_', ''), '+', ''), '-', ''),
      operator_name, note, reason_codes, redirect_target)
    FROM (SELECT d.seq, d.ticket_id, d.applicant_name, d.operator_name, d.reason_codes, d.redirect_target,
            json_extract(d.body, '$.note') AS note,
            CASE WHEN t.redacted = 0 THEN json_extract(t.data, '$.applicant.email') END AS email
          FROM decisions d LEFT JOIN tickets t ON t.id = d.ticket_id);

  -- What each decision was made on: the ticket as the server held it, the console's checks, the rules' judgement.
  CREATE TABLE decision_snapshots (
    decision_id TEXT PRIMARY KEY REFERENCES decisions(id),
    ticket TEXT,
    evidence TEXT,
    judgement TEXT
  ) STRICT;

  -- Decisions refused with a conflict, for the statistics: the idempotency table keeps the answer, not who asked.
  CREATE TABLE decision_conflicts (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    operator_id TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    code TEXT NOT NULL
  ) STRICT;
  CREATE INDEX decision_conflicts_by_time ON decision_conflicts (at);

  CREATE INDEX audit_by_ticket ON audit (ticket_id);
  CREATE INDEX audit_by_actor ON audit (actor);
  CREATE INDEX audit_by_action ON audit (action);
  `,
];
