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
];
