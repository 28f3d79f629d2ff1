/**
 * Schema of the console's cache. Append only: a shipped migration is never edited; `user_version`
 * counts the ones applied.
 */
export const CACHE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  -- The server's ticket as last seen, plus what this console has done to it and not yet had acknowledged.
  -- Only what the queue filters and shows lives here, so its pages stay dense and in the page cache.
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    server_version INTEGER NOT NULL,
    server_state TEXT NOT NULL,
    local_state TEXT,
    pending INTEGER NOT NULL DEFAULT 0,
    conflict_json TEXT,
    state TEXT GENERATED ALWAYS AS (COALESCE(local_state, server_state)) STORED,
    applicant_name TEXT NOT NULL,
    email TEXT NOT NULL,
    nationality TEXT NOT NULL,
    lease_owner TEXT,
    lease_owner_name TEXT,
    lease_expires_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  -- Each sort index ends with id, the queries' tie-breaker, so paging never needs a sort step.
  CREATE INDEX tickets_by_state ON tickets (state, created_at, id);
  CREATE INDEX tickets_by_created ON tickets (created_at, id);
  CREATE INDEX tickets_by_nationality ON tickets (nationality, created_at, id);
  CREATE INDEX tickets_by_lease ON tickets (lease_owner);
  CREATE INDEX tickets_by_name ON tickets (applicant_name COLLATE NOCASE, id);
  CREATE INDEX tickets_by_updated ON tickets (updated_at, id);

  -- The whole server ticket, read when one ticket is opened.
  CREATE TABLE ticket_documents (
    id TEXT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
    server_json TEXT NOT NULL
  ) STRICT;

  -- Search over names, e-mails, ticket ids and document numbers; diacritics folded (Müller finds muller).
  -- The queue only asks for AND-ed prefix terms, never phrases: no token positions (detail = none).
  CREATE VIRTUAL TABLE tickets_fts USING fts5(
    id UNINDEXED, name, email, ticket, documents,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '3 4', detail = none
  );

  -- Decisions waiting for, or past, delivery to the central API. Written in the same transaction as the ticket.
  CREATE TABLE outbox (
    decision_id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'ACKED', 'CONFLICT', 'REJECTED')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    response TEXT,
    created_at TEXT NOT NULL,
    settled_at TEXT
  ) STRICT;
  CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'PENDING';
  CREATE INDEX outbox_by_ticket ON outbox (ticket_id, created_at);

  -- Attachment files kept for this console, and when they may go.
  CREATE TABLE attachments (
    sha256 TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    stored_at TEXT,
    purge_after TEXT,
    PRIMARY KEY (ticket_id, sha256)
  ) STRICT;

  CREATE TABLE local_audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    ticket_id TEXT,
    details TEXT NOT NULL
  ) STRICT;
  `,
  `
  -- What the checks engine concluded for a ticket, and from what: recomputed when the evidence,
  -- a typed MRZ or the eIDAS list changes. The identity keys feed duplicate search.
  CREATE TABLE ticket_checks (
    ticket_id TEXT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
    input_key TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    result_json TEXT NOT NULL,
    document_numbers TEXT NOT NULL DEFAULT '',
    birth_dates TEXT NOT NULL DEFAULT ''
  ) STRICT;

  -- An MRZ the operator typed or corrected by hand; it wins over the one read from the image.
  CREATE TABLE typed_mrz (
    ticket_id TEXT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    operator_id TEXT NOT NULL,
    typed_at TEXT NOT NULL
  ) STRICT;
  `,
  `
  -- The queue's view of the stored checks: a few columns it can show and filter 100,000 rows by
  -- without reading result_json. Written with the result (check-store.ts); filled here from the
  -- results already kept.
  ALTER TABLE ticket_checks ADD COLUMN eligibility TEXT;
  ALTER TABLE ticket_checks ADD COLUMN mrz_status TEXT NOT NULL DEFAULT 'NONE';
  ALTER TABLE ticket_checks ADD COLUMN cross_check TEXT NOT NULL DEFAULT 'MISSING';
  ALTER TABLE ticket_checks ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE ticket_checks ADD COLUMN italian_cf INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE ticket_checks ADD COLUMN eidas INTEGER NOT NULL DEFAULT 0;
  UPDATE ticket_checks SET
    eligibility = json_extract(result_json, '$.eligibility.outcome'),
    mrz_status = CASE
      WHEN json_type(result_json, '$.mrz.used') = 'object'
        THEN IIF(json_extract(result_json, '$.mrz.used.valid'), 'VALID', 'INVALID')
      WHEN json_type(result_json, '$.mrz.problem') = 'object' THEN 'UNREADABLE'
      ELSE 'NONE' END,
    cross_check = COALESCE(json_extract(result_json, '$.crossCheck.worst'), 'MISSING'),
    duplicates = COALESCE(json_array_length(result_json, '$.duplicates'), 0),
    italian_cf = COALESCE(json_extract(result_json, '$.eligibility.taxId.kind') IN ('ITALIAN_CF', 'ITALIAN_CF_TYPO'), 0),
    eidas = EXISTS (SELECT 1 FROM json_each(result_json, '$.eligibility.findings')
      WHERE json_extract(value, '$.redirectTarget') = 'EIDAS')
  WHERE json_valid(result_json);
  -- Each flag filter reads only the tickets that have it.
  CREATE INDEX ticket_checks_italian_cf ON ticket_checks (ticket_id) WHERE italian_cf = 1;
  CREATE INDEX ticket_checks_eidas ON ticket_checks (ticket_id) WHERE eidas = 1;
  CREATE INDEX ticket_checks_duplicates ON ticket_checks (ticket_id) WHERE duplicates > 0;
  CREATE INDEX ticket_checks_mrz_invalid ON ticket_checks (ticket_id) WHERE mrz_status = 'INVALID';
  -- Tickets in conflict or with a decision not yet delivered are few: the status line's count and
  -- the queue's filters read them, not 100,000 rows.
  CREATE INDEX tickets_in_conflict ON tickets (created_at, id) WHERE conflict_json IS NOT NULL;
  CREATE INDEX tickets_pending ON tickets (created_at, id) WHERE pending > 0;
  `,
  `
  -- The queue filtered to one state and sorted by name reads that state's names in order, instead
  -- of sorting every ticket in the state (a fifth of the queue, or more) for each window.
  CREATE INDEX tickets_by_state_name ON tickets (state, applicant_name COLLATE NOCASE, id);
  `,
  `
  -- A decision is delivered under the session of the operator who made it, never of whoever signs
  -- in next. Decisions recorded before this column take their maker from the audit row written in
  -- the same transaction; one whose maker the cache cannot tell stays pending with no operator,
  -- which no session delivers, and says why on its ticket (held for review).
  ALTER TABLE outbox ADD COLUMN operator_id TEXT;
  UPDATE outbox SET operator_id = recorded.operator
  FROM (
    SELECT json_extract(details, '$.decisionId') AS decision_id, json_extract(details, '$.operator') AS operator
    FROM local_audit WHERE action = 'decision.recorded' AND json_valid(details)
  ) AS recorded
  WHERE outbox.decision_id = recorded.decision_id AND typeof(recorded.operator) = 'text';
  UPDATE outbox SET last_error =
    'Trattenuta per verifica: la postazione non sa chi ha preso questa decisione, quindi non la invia a nome di nessuno. / Held for review: this workstation cannot tell who made this decision, so it sends it under no one''s name.'
  WHERE status = 'PENDING' AND operator_id IS NULL;
  -- Each operator's due decisions, read without passing over the others'.
  DROP INDEX outbox_due;
  CREATE INDEX outbox_due ON outbox (operator_id, next_attempt_at) WHERE status = 'PENDING';
  `,
];
