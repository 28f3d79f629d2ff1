import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { DecisionRequestSchema, DecisionResultSchema, Ticket, TicketState } from '../../../common/api/schemas.ts';
import type { DecisionInput } from '../../../common/contract/methods.ts';
import { ContractFailure } from '../../../common/contract/result.ts';
import { FINAL_STATES, nextState } from '../../../common/domain/lifecycle.ts';
import type { Problem } from '../api/central-api-client.ts';
import type { PinnedEvidence } from '../checks/decision-evidence.ts';
import type { CacheDb } from './cache-database.ts';
import { prepared } from './statements.ts';

type DecisionRequest = z.output<typeof DecisionRequestSchema>;
type DecisionResult = z.output<typeof DecisionResultSchema>;

export interface OutboxEntry {
  decisionId: string;
  ticketId: string;
  body: DecisionRequest;
  attempts: number;
}

export interface Operator {
  id: string;
  name: string;
}

/** Decisions not yet delivered, as the signed-in operator sees them. */
export interface OutboxCounts {
  /** Theirs: sent while they are signed in. */
  pending: number;
  /** Made by other operators on this workstation: sent when each of them signs in again. */
  pendingOtherOperators: number;
  /** Recorded before decisions named their maker, with no record of who made them: never sent. */
  heldForReview: number;
  conflicts: number;
}

/**
 * The durable queue of decisions. Recording a decision writes the outbox row (with its maker and
 * the evidence it was made on) and the ticket's local state in one transaction; settling it
 * (acknowledged, conflict, rejected) clears the local state in another, so the console never shows
 * a decision the queue does not hold, or the reverse. Each decision goes out only under its maker's
 * session.
 */
export function createOutbox(db: CacheDb, now: () => Date) {
  const audit = (action: string, ticketId: string, details: Record<string, unknown>) =>
    prepared(db, 'INSERT INTO local_audit (at, action, ticket_id, details) VALUES (?, ?, ?, ?)').run(
      now().toISOString(),
      action,
      ticketId,
      JSON.stringify(details),
    );

  const settle = (decisionId: string, status: 'ACKED' | 'CONFLICT' | 'REJECTED', response: unknown) => {
    const row = prepared(db, "SELECT ticket_id FROM outbox WHERE decision_id = ? AND status = 'PENDING'").get(
      decisionId,
    ) as { ticket_id: string } | undefined;
    if (!row) return undefined;
    prepared(db, 'UPDATE outbox SET status = ?, response = ?, settled_at = ? WHERE decision_id = ?').run(
      status,
      JSON.stringify(response),
      now().toISOString(),
      decisionId,
    );
    prepared(
      db,
      'UPDATE tickets SET pending = pending - 1, local_state = CASE WHEN pending - 1 > 0 THEN local_state END WHERE id = ?',
    ).run(row.ticket_id);
    return row.ticket_id;
  };

  return {
    /**
     * `pinned`: the checks the operator saw and the hash of the files they were made on. Files that
     * changed since are refused, so a decision never carries evidence about other files. Without
     * it the decision quotes the ticket's current files and carries no checks.
     */
    record(
      input: DecisionInput,
      operator: Operator,
      deviceId: string,
      pinned?: PinnedEvidence,
    ): { decisionId: string; state: TicketState } {
      return db.transaction(() => {
        const row = prepared(
          db,
          'SELECT d.server_json, t.state, t.pending, t.lease_owner, t.lease_owner_name, t.lease_expires_at FROM tickets t JOIN ticket_documents d USING (id) WHERE id = ?',
        ).get(input.ticketId) as
          | {
              server_json: string;
              state: TicketState;
              pending: number;
              lease_owner: string | null;
              lease_owner_name: string | null;
              lease_expires_at: string | null;
            }
          | undefined;
        if (!row) throw new ContractFailure('NOT_FOUND', `Ticket ${input.ticketId} is not in the cache`);
        if (row.pending > 0) {
          throw new ContractFailure('CONFLICT', `Ticket ${input.ticketId} already has a decision waiting to be sent`);
        }
        const at = now().toISOString();
        if (row.lease_owner && row.lease_owner !== operator.id && (row.lease_expires_at ?? '') > at) {
          throw new ContractFailure(
            'CONFLICT',
            `Ticket ${input.ticketId} is being handled by ${row.lease_owner_name ?? row.lease_owner}`,
          );
        }
        let state = nextState(row.state, input.action);
        if (!state) {
          const why = FINAL_STATES.includes(row.state) ? 'is already closed' : `cannot take ${input.action}`;
          throw new ContractFailure('CONFLICT', `Ticket ${input.ticketId} (${row.state}) ${why}`);
        }
        if (input.action === 'APPROVE' && input.countersignFlags.length > 0) state = 'AWAITING_COUNTERSIGN';
        const ticket = JSON.parse(row.server_json) as Ticket;
        if (pinned && pinned.evidenceHash !== ticket.evidenceHash) {
          throw new ContractFailure(
            'CONFLICT',
            `The documents of ticket ${input.ticketId} changed after the checks you saw: look at them again before deciding`,
          );
        }
        const decisionId = uuidv7();
        const body: DecisionRequest = {
          baseVersion: ticket.version,
          action: input.action,
          reasonCodes: input.reasonCodes,
          countersignFlags: input.countersignFlags,
          ...(input.services ? { services: input.services } : {}),
          ...(input.redirectTarget ? { redirectTarget: input.redirectTarget } : {}),
          ...(input.note ? { note: input.note } : {}),
          evidenceHash: ticket.evidenceHash,
          deviceId,
          decidedAt: at,
          ...(pinned ? { evidence: pinned.evidence } : {}),
        };
        prepared(
          db,
          "INSERT INTO outbox (decision_id, ticket_id, operator_id, body, status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'PENDING', ?, ?)",
        ).run(decisionId, input.ticketId, operator.id, JSON.stringify(body), at, at);
        prepared(
          db,
          'UPDATE tickets SET local_state = ?, pending = pending + 1, conflict_json = NULL WHERE id = ?',
        ).run(state, input.ticketId);
        audit('decision.recorded', input.ticketId, { decisionId, action: input.action, operator: operator.id });
        return { decisionId, state };
      })();
    },

    /**
     * `operatorId`'s oldest decisions whose next attempt is due; one per ticket, since a ticket
     * holds one pending decision. Other operators' decisions wait for their own sessions.
     */
    due(limit: number, operatorId: string): OutboxEntry[] {
      const rows = prepared(
        db,
        "SELECT decision_id, ticket_id, body, attempts FROM outbox WHERE status = 'PENDING' AND operator_id = ? AND next_attempt_at <= ? ORDER BY created_at, decision_id LIMIT ?",
      ).all(operatorId, now().toISOString(), limit) as {
        decision_id: string;
        ticket_id: string;
        body: string;
        attempts: number;
      }[];
      return rows.map((row) => ({
        decisionId: row.decision_id,
        ticketId: row.ticket_id,
        body: JSON.parse(row.body) as DecisionRequest,
        attempts: row.attempts,
      }));
    },

    /** When `operatorId`'s next pending decision becomes due, if any. */
    nextDueAt(operatorId: string | undefined): string | undefined {
      if (operatorId === undefined) return undefined;
      return (
        (
          prepared(
            db,
            "SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status = 'PENDING' AND operator_id = ?",
          ).get(operatorId) as { at: string | null }
        ).at ?? undefined
      );
    },

    acknowledge(decisionId: string, result: DecisionResult): string | undefined {
      return db.transaction(() => {
        const ticketId = settle(decisionId, 'ACKED', result);
        if (ticketId) {
          prepared(
            db,
            'UPDATE tickets SET server_version = MAX(server_version, ?), server_state = ? WHERE id = ? AND server_version <= ?',
          ).run(result.version, result.state, ticketId, result.version);
          audit('decision.acknowledged', ticketId, { decisionId, state: result.state });
        }
        return ticketId;
      })();
    },

    /** The server refused the decision: the refusal becomes a visible conflict on the ticket; server state wins. */
    refuse(decisionId: string, kind: 'CONFLICT' | 'REJECTED', problem: Problem): string | undefined {
      return db.transaction(() => {
        const entry = prepared(db, 'SELECT body FROM outbox WHERE decision_id = ?').get(decisionId) as
          { body: string } | undefined;
        const ticketId = settle(decisionId, kind, problem);
        if (ticketId && entry) {
          const { action } = JSON.parse(entry.body) as DecisionRequest;
          const conflict = {
            decisionId,
            action,
            kind,
            code: problem.code,
            detail: problem.detail,
            theirs: problem.conflict ?? null,
            at: now().toISOString(),
          };
          prepared(db, 'UPDATE tickets SET conflict_json = ? WHERE id = ?').run(JSON.stringify(conflict), ticketId);
          audit('decision.refused', ticketId, { decisionId, code: problem.code });
        }
        return ticketId;
      })();
    },

    /**
     * Makes `operatorId`'s waiting decisions due now. Called when the API answers again: failures
     * while the network was away said nothing about the decisions, so the backoff they ran up
     * must not hold them back once it is here.
     */
    retryNow(operatorId: string): void {
      const at = now().toISOString();
      prepared(
        db,
        "UPDATE outbox SET next_attempt_at = ? WHERE status = 'PENDING' AND operator_id = ? AND next_attempt_at > ?",
      ).run(at, operatorId, at);
    },

    reschedule(decisionId: string, nextAttemptAt: string, error: string): void {
      prepared(
        db,
        'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE decision_id = ?',
      ).run(nextAttemptAt, error, decisionId);
    },

    resolveConflict(ticketId: string): void {
      db.transaction(() => {
        const cleared = prepared(
          db,
          'UPDATE tickets SET conflict_json = NULL WHERE id = ? AND conflict_json IS NOT NULL',
        ).run(ticketId);
        if (cleared.changes === 0)
          throw new ContractFailure('NOT_FOUND', `Ticket ${ticketId} has no conflict to resolve`);
        audit('conflict.resolved', ticketId, { resolution: 'KEEP_THEIRS' });
      })();
    },

    /** Split by whose session sends them; `operatorId` undefined: nobody is signed in. */
    counts(operatorId: string | undefined): OutboxCounts {
      return prepared(
        db,
        `SELECT COUNT(*) FILTER (WHERE operator_id = @operator) AS pending,
           COUNT(*) FILTER (WHERE operator_id IS NOT @operator AND operator_id IS NOT NULL) AS pendingOtherOperators,
           COUNT(*) FILTER (WHERE operator_id IS NULL) AS heldForReview,
           (SELECT COUNT(*) FROM tickets WHERE conflict_json IS NOT NULL) AS conflicts
         FROM outbox WHERE status = 'PENDING'`,
      ).get({ operator: operatorId ?? null }) as OutboxCounts;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
