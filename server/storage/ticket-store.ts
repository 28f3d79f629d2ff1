import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type {
  AttachmentUploadSchema,
  CountersignRequestSchema,
  DecisionRequestSchema,
  InboundEmailSchema,
  IntakeRequestSchema,
  Ticket,
  TicketState,
} from '../../common/api/schemas.ts';
import { appendAudit } from '../domain/audit-log.ts';
import { judgeApproval, type CountersignJudgement, type CountersignRules } from '../domain/countersign-rules.ts';
import { FINAL_STATES, nextState, stateAfterDocuments } from '../../common/domain/lifecycle.ts';
import { enqueueMail, type MailKind } from '../domain/mail-queue.ts';
import { ApiProblem } from '../http/problem.ts';
import type { Db } from './database.ts';
import { recordConflict, recordDecision, redactDecisions, settleCountersign } from './decision-records.ts';
import { prepared } from './statements.ts';

type Upload = z.output<typeof AttachmentUploadSchema>;
export type DecisionRequest = z.output<typeof DecisionRequestSchema>;
export type CountersignRequest = z.output<typeof CountersignRequestSchema>;

export interface Actor {
  id: string;
  name: string;
  inTraining: boolean;
}

/** A stored answer of an idempotent operation, replayed byte for byte on a retry. */
export interface StoredAnswer {
  status: number;
  contentType: string;
  body: string;
}

interface TicketRow {
  id: string;
  seq: number;
  version: number;
  state: TicketState;
  data: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  updated_at: string;
  redacted: number;
  doc: string | null;
}

type TicketData = Pick<Ticket, 'applicant' | 'consentAt' | 'lastDecision' | 'pendingCountersign'>;

const MAGIC: Record<Upload['contentType'], (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};
const MAX_BYTES = 10 * 1024 * 1024;

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** What a countersign is pinned to: SHA-256 over the ticket's attachment hashes, sorted. */
export const evidenceHashOf = (attachments: readonly { sha256: string }[]): string =>
  sha256Hex(
    attachments
      .map((a) => a.sha256)
      .sort()
      .join('\n'),
  );

export interface TicketStoreOptions {
  now: () => Date;
  leaseSeconds: number;
  /** Which approvals need a supervisor's countersign (resources/countersign/rules.json). */
  countersignRules: CountersignRules;
}

/**
 * The central API's ticket storage on SQLite. Each public method is one transaction, so a
 * PostgreSQL adapter implements the same methods with the same guarantees.
 */
export function createTicketStore(db: Db, { now, leaseSeconds, countersignRules }: TicketStoreOptions) {
  const nowIso = (): string => now().toISOString();
  const prepare = (sql: string) => prepared(db, sql);

  const nextSeq = (): number => {
    const row = prepare("UPDATE meta SET value = value + 1 WHERE key = 'feed_seq' RETURNING value").get() as {
      value: string;
    };
    return Number(row.value);
  };

  const operatorName = (id: string): string =>
    (prepare('SELECT name FROM operators WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? id;

  function decodeUploads(uploads: Upload[]): (Upload & { bytes: Buffer; sha256: string })[] {
    return uploads.map((upload, index) => {
      const bytes = Buffer.from(upload.dataBase64, 'base64');
      if (bytes.length === 0) throw new ApiProblem(400, 'EMPTY_ATTACHMENT', `attachments.${index}: the file is empty`);
      if (bytes.length > MAX_BYTES) {
        throw new ApiProblem(413, 'ATTACHMENT_TOO_LARGE', `attachments.${index}: larger than ${MAX_BYTES} bytes`);
      }
      if (!MAGIC[upload.contentType](bytes)) {
        throw new ApiProblem(
          400,
          'ATTACHMENT_TYPE_MISMATCH',
          `attachments.${index}: the content is not ${upload.contentType} as declared`,
        );
      }
      return { ...upload, bytes, sha256: sha256Hex(bytes) };
    });
  }

  function storeAttachments(ticketId: string, uploads: ReturnType<typeof decodeUploads>, at: string): void {
    const blob = prepare('INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING');
    const link = prepare(
      `INSERT INTO ticket_attachments (ticket_id, sha256, filename, content_type, kind, received_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    for (const upload of uploads) {
      blob.run(upload.sha256, upload.bytes.length, upload.bytes);
      link.run(ticketId, upload.sha256, upload.filename, upload.contentType, upload.kind, at);
    }
  }

  interface AttachmentRow {
    ticket_id: string;
    sha256: string;
    filename: string;
    content_type: Ticket['attachments'][number]['contentType'];
    kind: Ticket['attachments'][number]['kind'];
    received_at: string;
    size: number;
  }
  const ATTACHMENTS = `SELECT a.ticket_id, a.sha256, a.filename, a.content_type, a.kind, a.received_at, b.size
    FROM ticket_attachments a JOIN blobs b USING (sha256)`;

  const toAttachment = (r: AttachmentRow) => ({
    sha256: r.sha256,
    filename: r.filename,
    contentType: r.content_type,
    kind: r.kind,
    size: r.size,
    receivedAt: r.received_at,
  });

  const attachmentsOf = (ticketId: string) =>
    (
      prepare(`${ATTACHMENTS} WHERE a.ticket_id = ? ORDER BY a.received_at, a.sha256`).all(ticketId) as AttachmentRow[]
    ).map(toAttachment);

  function toTicket(row: TicketRow, attachments = attachmentsOf(row.id)): Ticket {
    const data = JSON.parse(row.data) as TicketData;
    const leaseLive = row.lease_owner && row.lease_expires_at && row.lease_expires_at > nowIso();
    return {
      id: row.id,
      version: row.version,
      state: row.state,
      applicant: data.applicant,
      consentAt: data.consentAt,
      attachments,
      evidenceHash: evidenceHashOf(attachments),
      lease: leaseLive
        ? { owner: row.lease_owner!, ownerName: operatorName(row.lease_owner!), expiresAt: row.lease_expires_at! }
        : null,
      lastDecision: data.lastDecision,
      pendingCountersign: data.pendingCountersign,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  function loadRow(id: string): TicketRow {
    const row = prepare('SELECT * FROM tickets WHERE id = ?').get(id) as TicketRow | undefined;
    if (!row || row.redacted) throw new ApiProblem(404, 'TICKET_NOT_FOUND', `No ticket ${id}`);
    return row;
  }

  function save(row: TicketRow, data: TicketData, changes: Partial<TicketRow>): void {
    prepare(
      `UPDATE tickets SET seq = ?, version = ?, state = ?, data = ?, lease_owner = ?, lease_expires_at = ?, updated_at = ?
       WHERE id = ?`,
    ).run(
      nextSeq(),
      changes.version ?? row.version,
      changes.state ?? row.state,
      JSON.stringify(data),
      changes.lease_owner !== undefined ? changes.lease_owner : row.lease_owner,
      changes.lease_expires_at !== undefined ? changes.lease_expires_at : row.lease_expires_at,
      nowIso(),
      row.id,
    );
    refreshDoc(row.id);
  }

  /** Stores the ticket's API form; attachments and lease are read back so the copy matches a fresh read. */
  function refreshDoc(id: string): void {
    const row = prepare('SELECT * FROM tickets WHERE id = ?').get(id) as TicketRow;
    prepare('UPDATE tickets SET doc = ? WHERE id = ?').run(JSON.stringify(toTicket(row)), id);
  }

  /** The stored JSON while it is current; a lease that has since expired changes the answer, so rebuild then. */
  function ticketJson(row: TicketRow): string {
    const leaseLapsed = row.lease_expires_at !== null && row.lease_expires_at <= nowIso();
    return row.doc && !leaseLapsed ? row.doc : JSON.stringify(toTicket(row));
  }

  function mailFor(ticket: TicketRow, data: TicketData, kind: MailKind, dedupeKey: string, body: string): void {
    enqueueMail(db, {
      dedupeKey,
      ticketId: ticket.id,
      kind,
      to: data.applicant.email,
      language: data.applicant.language,
      body,
      at: nowIso(),
    });
  }

  /** Queues the account creation for the credentials worker: once per ticket, whatever the retries. */
  function queueCredentials(ticketId: string, services: string[]): void {
    prepare(
      'INSERT INTO credential_jobs (ticket_id, services, created_at) VALUES (?, ?, ?) ON CONFLICT (ticket_id) DO NOTHING',
    ).run(ticketId, JSON.stringify(services), nowIso());
  }

  /**
   * Runs an idempotent operation: a known key replays its first answer, or is refused if the
   * request differs. `onRefused` sees each conflict or four-eyes refusal once, when first answered.
   */
  function idempotent(
    operation: string,
    key: string,
    requestHash: string,
    onRefused: (problem: ApiProblem) => void,
    run: () => { status: number; body: unknown },
  ): StoredAnswer {
    return db
      .transaction((): StoredAnswer => {
        const stored = prepare('SELECT * FROM idempotency WHERE key = ?').get(key) as
          { operation: string; request_hash: string; status: number; content_type: string; body: string } | undefined;
        if (stored) {
          if (stored.operation !== operation || stored.request_hash !== requestHash) {
            throw new ApiProblem(
              422,
              'IDEMPOTENCY_KEY_REUSED',
              `Idempotency-Key ${key} was used for a different request`,
            );
          }
          return { status: stored.status, contentType: stored.content_type, body: stored.body };
        }
        let answer: StoredAnswer;
        try {
          const { status, body } = run();
          answer = { status, contentType: 'application/json', body: JSON.stringify(body) };
        } catch (error) {
          // Conflicts and four-eyes refusals are answers too: a retry must see the same one.
          if (!(error instanceof ApiProblem) || ![403, 409].includes(error.status)) throw error;
          onRefused(error);
          answer = { status: error.status, contentType: 'application/problem+json', body: JSON.stringify(error) };
        }
        prepare(
          'INSERT INTO idempotency (key, operation, request_hash, status, content_type, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(key, operation, requestHash, answer.status, answer.contentType, answer.body, nowIso());
        return answer;
      })
      .immediate();
  }

  /** The checks must have read this ticket's files: evidence quoting any other file is the client's error. */
  function checkEvidenceDocuments(request: DecisionRequest, ticket: Ticket): void {
    const held = new Set(ticket.attachments.map((a) => a.sha256));
    const index = request.evidence?.documents.findIndex((d) => !held.has(d.sha256)) ?? -1;
    if (index < 0) return;
    const path = `evidence.documents.${index}.sha256`;
    throw new ApiProblem(400, 'VALIDATION_FAILED', `Invalid body: ${path} is not a file of ticket ${ticket.id}`, {
      issues: [{ path, message: 'not an attachment of this ticket' }],
    });
  }

  function conflictOf(row: TicketRow, data: TicketData) {
    const last = data.lastDecision;
    return {
      state: row.state,
      version: row.version,
      decidedBy: last?.operatorId ?? null,
      decidedByName: last?.operatorName ?? null,
      decidedAt: last?.decidedAt ?? null,
      action: last?.action ?? null,
    };
  }

  return {
    create(intake: z.output<typeof IntakeRequestSchema>, actor: string): Ticket {
      const uploads = decodeUploads(intake.attachments);
      return db.transaction(() => {
        const at = nowIso();
        const number = prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number };
        const id = `UE-${now().getUTCFullYear()}-${String(number.n + 1).padStart(6, '0')}`;
        const data: TicketData = {
          applicant: intake.applicant,
          consentAt: intake.consenso.at,
          lastDecision: null,
          pendingCountersign: null,
        };
        prepare(
          `INSERT INTO tickets (id, seq, version, state, data, created_at, updated_at) VALUES (?, ?, 1, 'NEW', ?, ?, ?)`,
        ).run(id, nextSeq(), JSON.stringify(data), at, at);
        storeAttachments(id, uploads, at);
        refreshDoc(id);
        const row = loadRow(id);
        mailFor(row, data, 'ACKNOWLEDGEMENT', `ack:${id}`, `ticket: ${id}`);
        appendAudit(db, { at, actor, action: 'ticket.created', ticketId: id, details: { files: uploads.length } });
        return toTicket(row);
      })();
    },

    addEmail(id: string, email: z.output<typeof InboundEmailSchema>, actor: string): Ticket {
      const uploads = decodeUploads(email.attachments);
      return db.transaction(() => {
        const row = loadRow(id);
        if (FINAL_STATES.includes(row.state)) {
          throw new ApiProblem(409, 'TICKET_CLOSED', `Ticket ${id} is ${row.state}: open a new request`);
        }
        const data = JSON.parse(row.data) as TicketData;
        const at = nowIso();
        storeAttachments(id, uploads, at);
        const state = stateAfterDocuments(row.state);
        const voided = row.state === 'AWAITING_COUNTERSIGN' ? data.pendingCountersign : null;
        save(
          row,
          { ...data, pendingCountersign: voided ? null : data.pendingCountersign },
          { state, version: row.version + 1 },
        );
        appendAudit(db, {
          at,
          actor,
          action: 'ticket.documents',
          ticketId: id,
          details: { files: uploads.length, state },
        });
        if (voided) {
          settleCountersign(db, voided.decisionId, { status: 'VOIDED', state, by: null, at, note: null });
          appendAudit(db, {
            at,
            actor: 'server',
            action: 'countersign.voided',
            ticketId: id,
            details: { decisionId: voided.decisionId, reason: 'evidence changed' },
          });
        }
        return toTicket(loadRow(id));
      })();
    },

    get: (id: string): Ticket => toTicket(loadRow(id)),

    /** The ticket as JSON text, from the stored copy when it is current. */
    getJson: (id: string): string => ticketJson(loadRow(id)),

    attachment(id: string, sha256: string): { data: Buffer; contentType: string } {
      const row = prepare(
        `SELECT b.data, a.content_type FROM ticket_attachments a JOIN blobs b USING (sha256)
           JOIN tickets t ON t.id = a.ticket_id WHERE a.ticket_id = ? AND a.sha256 = ? AND t.redacted = 0`,
      ).get(id, sha256) as { data: Buffer; content_type: string } | undefined;
      if (!row) throw new ApiProblem(404, 'ATTACHMENT_NOT_FOUND', `Ticket ${id} has no attachment ${sha256}`);
      return { data: row.data, contentType: row.content_type };
    },

    /** A page of the change feed as JSON text: stored ticket copies joined, nothing parsed or rebuilt. */
    feed(afterSeq: number, limit: number) {
      const rows = prepare('SELECT * FROM tickets WHERE seq > ? ORDER BY seq LIMIT ?').all(
        afterSeq,
        limit + 1,
      ) as TicketRow[];
      const page = rows.slice(0, limit);
      const entries = page.map((row) =>
        row.redacted
          ? JSON.stringify({ kind: 'deleted', id: row.id, reason: 'REDACTED' })
          : `{"kind":"ticket","ticket":${ticketJson(row)}}`,
      );
      const lastSeq = page.at(-1)?.seq ?? afterSeq;
      const { remaining } = prepare('SELECT COUNT(*) AS remaining FROM tickets WHERE seq > ?').get(lastSeq) as {
        remaining: number;
      };
      return { entriesJson: `[${entries.join(',')}]`, lastSeq, hasMore: rows.length > limit, remaining };
    },

    claim(id: string, actor: Actor) {
      return db.transaction(() => {
        const row = loadRow(id);
        const at = nowIso();
        if (row.lease_owner && row.lease_owner !== actor.id && (row.lease_expires_at ?? '') > at) {
          throw new ApiProblem(409, 'LEASE_HELD', `Ticket ${id} is being handled by ${operatorName(row.lease_owner)}`, {
            lease: {
              owner: row.lease_owner,
              ownerName: operatorName(row.lease_owner),
              expiresAt: row.lease_expires_at,
            },
          });
        }
        if (FINAL_STATES.includes(row.state) || row.state === 'AWAITING_COUNTERSIGN') {
          throw new ApiProblem(409, 'NOT_CLAIMABLE', `Ticket ${id} is ${row.state}`, {
            conflict: conflictOf(row, JSON.parse(row.data)),
          });
        }
        const expiresAt = new Date(now().getTime() + leaseSeconds * 1000).toISOString();
        const state = row.state === 'DOCS_RECEIVED' ? 'UNDER_REVIEW' : row.state;
        save(row, JSON.parse(row.data) as TicketData, {
          state,
          version: state === row.state ? row.version : row.version + 1,
          lease_owner: actor.id,
          lease_expires_at: expiresAt,
        });
        if (row.lease_owner !== actor.id || state !== row.state) {
          appendAudit(db, { at, actor: actor.id, action: 'lease.claimed', ticketId: id, details: { state } });
        }
        return { owner: actor.id, ownerName: actor.name, expiresAt };
      })();
    },

    release(id: string, actor: Actor): void {
      db.transaction(() => {
        const row = loadRow(id);
        if (!row.lease_owner || (row.lease_expires_at ?? '') <= nowIso()) return;
        if (row.lease_owner !== actor.id) {
          throw new ApiProblem(409, 'LEASE_HELD', `Ticket ${id} is held by ${operatorName(row.lease_owner)}`, {
            lease: {
              owner: row.lease_owner,
              ownerName: operatorName(row.lease_owner),
              expiresAt: row.lease_expires_at,
            },
          });
        }
        save(row, JSON.parse(row.data) as TicketData, { lease_owner: null, lease_expires_at: null });
        appendAudit(db, { at: nowIso(), actor: actor.id, action: 'lease.released', ticketId: id, details: {} });
      })();
    },

    decide(id: string, actor: Actor, decisionId: string, request: DecisionRequest, requestHash: string): StoredAnswer {
      const conflict = (problem: ApiProblem) =>
        recordConflict(db, { at: nowIso(), operatorId: actor.id, ticketId: id, decisionId, code: problem.code });
      return idempotent('submitDecision', decisionId, requestHash, conflict, () => {
        const row = loadRow(id);
        const data = JSON.parse(row.data) as TicketData;
        const at = nowIso();
        if (row.lease_owner && row.lease_owner !== actor.id && (row.lease_expires_at ?? '') > at) {
          throw new ApiProblem(409, 'LEASE_HELD', `Ticket ${id} is held by ${operatorName(row.lease_owner)}`, {
            conflict: conflictOf(row, data),
            lease: {
              owner: row.lease_owner,
              ownerName: operatorName(row.lease_owner),
              expiresAt: row.lease_expires_at,
            },
          });
        }
        if (FINAL_STATES.includes(row.state) || row.state === 'AWAITING_COUNTERSIGN') {
          throw new ApiProblem(409, 'ALREADY_DECIDED', `Ticket ${id} is already ${row.state}`, {
            conflict: conflictOf(row, data),
          });
        }
        if (request.baseVersion !== row.version) {
          throw new ApiProblem(
            409,
            'STALE_VERSION',
            `Ticket ${id} changed since version ${request.baseVersion} (now ${row.version})`,
            { conflict: conflictOf(row, data) },
          );
        }
        let state = nextState(row.state, request.action);
        if (!state) {
          throw new ApiProblem(
            409,
            'INVALID_TRANSITION',
            `${request.action} is not possible on a ticket in ${row.state}`,
            {
              conflict: conflictOf(row, data),
            },
          );
        }
        const before = toTicket(row);
        checkEvidenceDocuments(request, before);
        const judgement: CountersignJudgement | undefined =
          request.action === 'APPROVE'
            ? judgeApproval(countersignRules, {
                evidence: request.evidence,
                consoleFlags: request.countersignFlags,
                operatorInTraining: actor.inTraining,
                today: now(),
              })
            : undefined;
        const flags = judgement?.flags ?? [];
        const countersignRequired = judgement?.required ?? false;
        if (countersignRequired) state = 'AWAITING_COUNTERSIGN';
        const summary = {
          decisionId,
          action: request.action,
          operatorId: actor.id,
          operatorName: actor.name,
          decidedAt: request.decidedAt,
          reasonCodes: request.reasonCodes,
        };
        const next: TicketData = {
          ...data,
          lastDecision: summary,
          pendingCountersign: countersignRequired
            ? { decisionId, makerId: actor.id, flags, evidenceHash: before.evidenceHash }
            : null,
        };
        const keepsLease = state === 'UNDER_REVIEW';
        save(row, next, {
          state,
          version: row.version + 1,
          lease_owner: keepsLease ? row.lease_owner : null,
          lease_expires_at: keepsLease ? row.lease_expires_at : null,
        });
        const { appliedAt } = recordDecision(db, {
          decisionId,
          ticket: before,
          action: request.action,
          state,
          reasonCodes: request.reasonCodes,
          body: request,
          note: request.note,
          redirectTarget: request.redirectTarget,
          operator: actor,
          decidedAt: request.decidedAt,
          at,
          evidence: request.evidence,
          judgement,
        });
        appendAudit(db, {
          at,
          actor: actor.id,
          action: 'decision.applied',
          ticketId: id,
          details: { decisionId, action: request.action, state, reasons: request.reasonCodes, flags },
        });
        const mailKind: Partial<Record<TicketState, MailKind>> = {
          FORM_SENT: 'FORM_REQUEST',
          INFO_REQUESTED: 'INFO_REQUEST',
          REJECTED: 'REJECTION',
          REDIRECTED: 'REDIRECT',
        };
        const kind = mailKind[state];
        if (kind) {
          mailFor(
            row,
            data,
            kind,
            `decision:${decisionId}`,
            `reasons: ${request.reasonCodes.join(', ') || '-'}; target: ${request.redirectTarget ?? '-'}`,
          );
        }
        if (state === 'APPROVED') queueCredentials(id, request.services ?? []);
        return {
          status: 201,
          body: {
            decisionId,
            ticketId: id,
            action: request.action,
            state,
            version: row.version + 1,
            countersignRequired,
            appliedAt,
          },
        };
      });
    },

    countersign(id: string, actor: Actor, key: string, request: CountersignRequest, requestHash: string): StoredAnswer {
      // A supervisor's refused countersign is not an operator's conflicting decision: not counted.
      const uncounted = (): void => undefined;
      return idempotent('countersign', key, requestHash, uncounted, () => {
        const row = loadRow(id);
        const data = JSON.parse(row.data) as TicketData;
        const pending = data.pendingCountersign;
        if (row.state !== 'AWAITING_COUNTERSIGN' || !pending || pending.decisionId !== request.decisionId) {
          throw new ApiProblem(
            409,
            'NOTHING_TO_COUNTERSIGN',
            `Decision ${request.decisionId} is not awaiting countersign`,
            {
              conflict: conflictOf(row, data),
            },
          );
        }
        if (pending.makerId === actor.id) {
          throw new ApiProblem(403, 'FOUR_EYES', 'The operator who made a decision cannot countersign it');
        }
        const current = evidenceHashOf(attachmentsOf(id));
        if (request.evidenceHash !== pending.evidenceHash || current !== pending.evidenceHash) {
          throw new ApiProblem(409, 'EVIDENCE_CHANGED', 'The documents changed since the approval was submitted');
        }
        const at = nowIso();
        const state: TicketState = request.verdict === 'CONFIRM' ? 'APPROVED' : 'UNDER_REVIEW';
        save(row, { ...data, pendingCountersign: null }, { state, version: row.version + 1 });
        settleCountersign(db, request.decisionId, {
          status: request.verdict === 'CONFIRM' ? 'CONFIRMED' : 'RETURNED',
          state,
          by: actor.id,
          at,
          note: request.note ?? null,
        });
        appendAudit(db, {
          at,
          actor: actor.id,
          action: request.verdict === 'CONFIRM' ? 'countersign.confirmed' : 'countersign.returned',
          ticketId: id,
          details: { decisionId: request.decisionId, note: request.note ?? null },
        });
        if (state === 'APPROVED') {
          const decided = prepare('SELECT body FROM decisions WHERE id = ?').get(request.decisionId) as {
            body: string;
          };
          queueCredentials(id, (JSON.parse(decided.body) as DecisionRequest).services ?? []);
        }
        return {
          status: 200,
          body: {
            ticketId: id,
            decisionId: request.decisionId,
            verdict: request.verdict,
            state,
            version: row.version + 1,
            countersignedBy: actor.id,
            at,
          },
        };
      });
    },

    redact(id: string, actor: string): void {
      db.transaction(() => {
        const row = loadRow(id);
        const pending = (JSON.parse(row.data) as TicketData).pendingCountersign;
        if (pending) {
          settleCountersign(db, pending.decisionId, {
            status: 'VOIDED',
            state: row.state,
            by: null,
            at: nowIso(),
            note: null,
          });
        }
        prepare('DELETE FROM ticket_attachments WHERE ticket_id = ?').run(id);
        prepare('DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM ticket_attachments)').run();
        prepare(
          "UPDATE tickets SET seq = ?, data = '{}', doc = NULL, redacted = 1, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ?",
        ).run(nextSeq(), nowIso(), id);
        redactDecisions(db, id);
        appendAudit(db, { at: nowIso(), actor, action: 'ticket.redacted', ticketId: id, details: {} });
      })();
    },
  };
}

export type TicketStore = ReturnType<typeof createTicketStore>;
