import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  DecisionResultSchema,
  type DecisionBatchResultSchema,
  type Ticket,
  type TicketState,
} from '../../../common/api/schemas.ts';
import type { SyncStatus } from '../../../common/contract/methods.ts';
import { ContractFailure } from '../../../common/contract/result.ts';
import { FINAL_STATES } from '../../../common/domain/lifecycle.ts';
import { classify, type ApiFailure, type ApiResult, type CentralApiClient } from '../api/central-api-client.ts';
import type { AttachmentStore } from '../attachments/attachment-store.ts';
import type { CacheDb } from '../cache/cache-database.ts';
import type { Outbox, OutboxEntry } from '../cache/outbox.ts';
import { prepared } from '../cache/statements.ts';
import type { TicketProjection } from '../cache/ticket-projection.ts';
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from '../cache/wal-checkpoints.ts';
import type { Logger } from '../log/logger.ts';
import type { Session } from '../session/session.ts';
import { backoffDelayMs } from './backoff.ts';
import { createWakeableSleep } from '../runtime/wakeable-sleep.ts';

type DecisionResult = z.output<typeof DecisionResultSchema>;
type DecisionBatchResult = z.output<typeof DecisionBatchResultSchema>;

export interface SyncEngineOptions {
  db: CacheDb;
  api: CentralApiClient;
  projection: TicketProjection;
  outbox: Outbox;
  attachments: AttachmentStore;
  now: () => Date;
  log: Logger;
  onStatus: (status: SyncStatus) => void;
  onTicketsChanged: (ids: string[]) => void;
  /** Who is signed in: only their own decisions are delivered, with their token, and their own leases renewed. */
  session: () => Session | undefined;
  pageSize?: number;
  pollIntervalMs?: number;
  /** How long attachment files stay after their ticket's decision is acknowledged. */
  retentionMs?: number;
  /** First retry delay; doubles per attempt (tests shorten it). */
  backoffBaseMs?: number;
  /** A held lease is renewed once it has less than this left (the API grants 15 minutes). */
  leaseRenewBeforeMs?: number;
  /** Longest a console keeps renewing one claim: a ticket left open overnight goes back to the queue. */
  leaseMaxHoldMs?: number;
}

// Quick first probes: most outages are a dropped connection, not a lost network.
const OFFLINE_PROBE_MS = [200, 500, 1000, 2000, 5000, 10_000];
/** Decisions per upload: the server's batch limit. */
const PUSH_BATCH = 100;

/**
 * The sync loop: push due decisions (at-least-once, the decision id as idempotency key), then
 * pull the change feed; offline, it probes with backoff and lets work continue locally. One loop,
 * so pushes and pulls never race each other on the cache.
 */
export function createSyncEngine(options: SyncEngineOptions) {
  const { db, api, projection, outbox, attachments, now, log } = options;
  const pageSize = options.pageSize ?? 1000;
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  const retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;
  const leaseRenewBeforeMs = options.leaseRenewBeforeMs ?? 5 * 60 * 1000;
  const leaseMaxHoldMs = options.leaseMaxHoldMs ?? 4 * 3600 * 1000;
  /** Tickets this console claimed and still works on, with when each was first claimed. */
  const held = new Map<string, number>();

  const operatorId = () => options.session()?.operator.id;
  let status: SyncStatus = {
    online: false,
    phase: 'idle',
    lastSyncAt: projection.lastSyncAt(),
    ...outbox.counts(operatorId()),
    progress: null,
    error: null,
  };
  let stopped = true;
  let offlineProbes = 0;
  const { sleep, wake } = createWakeableSleep();
  let loop: Promise<void> | undefined;
  /** Settles once the checkpoint threads of past long pulls have finished. */
  let checkpointsStopped: Promise<void> = Promise.resolve();

  function publish(patch: Partial<SyncStatus>): void {
    const next = { ...status, ...patch, ...outbox.counts(operatorId()) };
    if (JSON.stringify(next) === JSON.stringify(status)) return;
    status = next;
    options.onStatus(status);
  }

  function fail(failure: ApiFailure): 'offline' | 'unauthenticated' | 'retry' {
    if (failure.kind === 'unauthorized') {
      publish({ phase: 'unauthenticated', error: { code: 'UNAUTHENTICATED', message: failure.message } });
      return 'unauthenticated';
    }
    if (failure.kind === 'network') {
      publish({ online: false, phase: 'offline', error: { code: 'OFFLINE', message: failure.message } });
      return 'offline';
    }
    return 'retry';
  }

  function reachable(): void {
    offlineProbes = 0;
    if (status.online) return;
    // Back online, or the first answer of this run: what waited on the network goes now, in full
    // batches, not one by one as the backoff its failures ran up while offline runs out.
    const operator = operatorId();
    if (operator) outbox.retryNow(operator);
    publish({ online: true, error: null });
  }

  /** Applies the answer to one decision; says whether to go on, back off, or stop. */
  async function settle(
    entry: OutboxEntry,
    result: ApiResult<DecisionResult>,
  ): Promise<'sent' | 'backoff' | 'offline' | 'unauthenticated'> {
    // Any answer from the API, even a refusal, proves it is reachable.
    if (result.ok || result.failure.kind === 'conflict' || result.failure.kind === 'rejected') reachable();
    if (result.ok) {
      const ticketId = outbox.acknowledge(entry.decisionId, result.value);
      if (ticketId) {
        schedulePurge(ticketId);
        options.onTicketsChanged([ticketId]);
      }
      return 'sent';
    }
    const { failure } = result;
    if (failure.kind === 'conflict' || failure.kind === 'rejected') {
      // What won is shown together with the conflict, in one transaction, not at the next pull.
      const current = await api.ticket(entry.ticketId);
      const ticketId = db.transaction(() => {
        const refused = outbox.refuse(
          entry.decisionId,
          failure.kind === 'conflict' ? 'CONFLICT' : 'REJECTED',
          failure.problem,
        );
        if (current.ok) projection.upsert(current.value);
        return refused;
      })();
      log.warn('decision refused by the central API', { decisionId: entry.decisionId, code: failure.problem.code });
      if (ticketId) options.onTicketsChanged([ticketId]);
      return 'sent';
    }
    const outcome = fail(failure);
    if (outcome === 'unauthenticated') return outcome;
    const retryAfter = failure.kind === 'unavailable' ? (failure.retryAfterMs ?? 0) : 0;
    const delay = Math.max(backoffDelayMs(entry.attempts, Math.random, options.backoffBaseMs), retryAfter);
    outbox.reschedule(entry.decisionId, new Date(now().getTime() + delay).toISOString(), failure.message);
    return outcome === 'offline' ? 'offline' : 'backoff';
  }

  function answerFor(entry: OutboxEntry, answer: ApiResult<DecisionBatchResult>): ApiResult<DecisionResult> {
    if (!answer.ok) return answer;
    const item = answer.value.results.find((r) => r.decisionId === entry.decisionId);
    return item
      ? classify(item.status, item.body, (body) => DecisionResultSchema.parse(body))
      : { ok: false, failure: { kind: 'network', message: 'no answer for this decision in the batch' } };
  }

  /**
   * Sends the signed-in operator's due decisions in batches (one request each) until none is due or
   * the API stops answering. Each decision keeps its own idempotency key and answer; a failed
   * request retries them all, which is safe. A 5xx or 429 is the server asking for room: pushing
   * waits for the next due time. Other operators' decisions wait for their own sessions.
   */
  async function push(): Promise<'ok' | 'offline' | 'unauthenticated'> {
    for (;;) {
      // One session read gives both whose decisions go and the token they go with: a session that
      // changes while a batch is in flight cannot lend its name to another operator's decisions.
      const session = options.session();
      const batch = session ? outbox.due(PUSH_BATCH, session.operator.id) : [];
      if (!session || batch.length === 0 || stopped) return 'ok';
      publish({ phase: 'pushing' });
      const answer = await api.decideBatch(
        batch.map((entry) => ({ ticketId: entry.ticketId, decisionId: entry.decisionId, decision: entry.body })),
        { token: session.token },
      );
      // A refusal of the whole request (its shape, its size, an API without the batch endpoint) says
      // nothing of each decision in it: asked one by one, each gets its own answer, and none is
      // refused for a neighbour's fault.
      const singly = !answer.ok && answer.failure.kind === 'rejected';
      const outcomes: string[] = [];
      for (const entry of batch) {
        const result = singly
          ? await api.decide(entry.ticketId, entry.decisionId, entry.body, { token: session.token })
          : answerFor(entry, answer);
        const outcome = await settle(entry, result);
        outcomes.push(outcome);
        if (singly && (outcome === 'offline' || outcome === 'unauthenticated')) break;
      }
      if (outcomes.includes('unauthenticated')) return 'unauthenticated';
      if (outcomes.includes('offline')) return 'offline';
      if (outcomes.includes('backoff')) return 'ok';
    }
  }

  /** Pulls feed pages until caught up; each page and its cursor land in one transaction. */
  async function pull(): Promise<'ok' | 'offline' | 'unauthenticated'> {
    let done = 0;
    let checkpoints: BackgroundCheckpoints | undefined;
    let next = api.feed(projection.cursor(), pageSize);
    try {
      for (;;) {
        const page = await next;
        if (!page.ok) {
          const outcome = fail(page.failure);
          return outcome === 'retry' ? 'ok' : outcome;
        }
        reachable();
        // The next page is asked for before this one is written: network and server work while the cache does.
        if (page.value.hasMore && !stopped) next = api.feed(page.value.cursor, pageSize);
        // More pages to come: a long pull, whose checkpoints another thread takes on.
        if (page.value.hasMore) checkpoints ??= startBackgroundCheckpoints(db);
        const changed = projection.applyFeedPage(page.value.entries, page.value.cursor, now().toISOString());
        checkpoints?.nudge();
        done += changed.length;
        const progress = page.value.hasMore ? { done, total: done + page.value.remaining } : null;
        publish({
          online: true,
          phase: page.value.hasMore ? 'pulling' : 'idle',
          progress,
          error: null,
          lastSyncAt: projection.lastSyncAt(),
        });
        if (changed.length) options.onTicketsChanged(changed);
        if (!page.value.hasMore || stopped) return 'ok';
      }
    } finally {
      // Not awaited: the thread copies the last pages while the console goes on; stop() waits for it.
      if (checkpoints) checkpointsStopped = Promise.all([checkpointsStopped, checkpoints.stop()]).then(() => {});
    }
  }

  function schedulePurge(ticketId: string): void {
    prepared(db, 'UPDATE attachments SET purge_after = ? WHERE ticket_id = ?').run(
      new Date(now().getTime() + retentionMs).toISOString(),
      ticketId,
    );
  }

  /** Removes attachment files whose retention has run out, unless another ticket still lists them. */
  async function purge(): Promise<void> {
    const due = prepared(
      db,
      'SELECT ticket_id, sha256 FROM attachments WHERE purge_after IS NOT NULL AND purge_after <= ?',
    ).all(now().toISOString()) as { ticket_id: string; sha256: string }[];
    for (const { ticket_id: ticketId, sha256 } of due) {
      prepared(db, 'DELETE FROM attachments WHERE ticket_id = ? AND sha256 = ?').run(ticketId, sha256);
      if (!prepared(db, 'SELECT 1 FROM attachments WHERE sha256 = ?').get(sha256)) await attachments.delete(sha256);
    }
  }

  /**
   * Renews the leases this console holds before they run out, so an operator reading a long file
   * keeps the ticket without doing anything; a decided, released or lost ticket is let go.
   */
  async function renewLeases(): Promise<'ok' | 'offline' | 'unauthenticated'> {
    for (const [ticketId, claimedAt] of held) {
      const row = prepared(db, 'SELECT state, pending, lease_owner, lease_expires_at FROM tickets WHERE id = ?').get(
        ticketId,
      ) as { state: string; pending: number; lease_owner: string | null; lease_expires_at: string | null } | undefined;
      const at = now().getTime();
      const stillMine =
        row !== undefined &&
        !FINAL_STATES.includes(row.state as TicketState) &&
        row.pending === 0 &&
        row.lease_owner === operatorId();
      if (!stillMine || at - claimedAt > leaseMaxHoldMs) {
        held.delete(ticketId);
        continue;
      }
      if (Date.parse(row.lease_expires_at ?? '') - at > leaseRenewBeforeMs) continue;
      const lease = await api.claim(ticketId);
      if (!lease.ok) {
        const outcome = fail(lease.failure);
        if (outcome !== 'retry') return outcome;
        // Taken by someone else after it ran out, or no longer claimable: the feed shows why.
        if (lease.failure.kind === 'conflict' || lease.failure.kind === 'rejected') held.delete(ticketId);
        continue;
      }
      const ticket = await api.ticket(ticketId);
      if (ticket.ok) {
        projection.upsert(ticket.value);
        options.onTicketsChanged([ticketId]);
      }
    }
    return 'ok';
  }

  async function cycle(): Promise<number> {
    const pushed = await push();
    if (pushed === 'unauthenticated') return 24 * 3600 * 1000;
    const pulled = pushed === 'offline' ? 'offline' : await pull().then((r) => (r === 'ok' ? renewLeases() : r));
    if (pulled === 'unauthenticated') return 24 * 3600 * 1000;
    if (pulled === 'offline') {
      const delay = OFFLINE_PROBE_MS[Math.min(offlineProbes, OFFLINE_PROBE_MS.length - 1)]!;
      offlineProbes += 1;
      return delay;
    }
    await purge();
    publish({});
    const dueAt = outbox.nextDueAt(operatorId());
    return dueAt ? Math.max(0, Math.min(pollIntervalMs, Date.parse(dueAt) - now().getTime())) : pollIntervalMs;
  }

  async function run(): Promise<void> {
    while (!stopped) {
      let delay: number;
      try {
        delay = await cycle();
      } catch (error) {
        log.error('sync cycle failed', { reason: (error as Error).message });
        publish({ error: { code: 'INTERNAL', message: (error as Error).message } });
        delay = 5000;
      }
      if (!stopped) await sleep(delay);
    }
  }

  function failureToContract(failure: ApiFailure): never {
    if (failure.kind === 'conflict') throw new ContractFailure('CONFLICT', failure.problem.detail);
    if (failure.kind === 'rejected') throw new ContractFailure('BAD_REQUEST', failure.problem.detail);
    if (failure.kind === 'unauthorized') throw new ContractFailure('FORBIDDEN', 'Log in again to continue');
    fail(failure);
    throw new ContractFailure('UNAVAILABLE', 'The central API is not reachable: try again when back online');
  }

  async function fetchAttachment(ticketId: string, sha256: string): Promise<Uint8Array> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const result = await api.attachment(ticketId, sha256);
      if (!result.ok) failureToContract(result.failure);
      const actual = createHash('sha256').update(result.value).digest('hex');
      if (actual === sha256) {
        await attachments.put(sha256, result.value);
        prepared(db, 'UPDATE attachments SET stored_at = ? WHERE ticket_id = ? AND sha256 = ?').run(
          now().toISOString(),
          ticketId,
          sha256,
        );
        return result.value;
      }
      log.warn('attachment failed its hash check; downloading again', { ticketId, attempt });
    }
    throw new ContractFailure('UNAVAILABLE', 'The attachment arrived corrupted three times; try again later');
  }

  /** Lists a ticket's attachment in the manifest, so its file's retention can be tracked. */
  function listAttachment(ticketId: string, file: { sha256: string; size: number; contentType: string }): void {
    prepared(
      db,
      'INSERT INTO attachments (sha256, ticket_id, size, content_type) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ).run(file.sha256, ticketId, file.size, file.contentType);
  }

  /** The attachment's type if the ticket has it, listing it from the cached ticket when first asked. */
  function contentTypeOf(ticketId: string, sha256: string): string | undefined {
    const listed = prepared(db, 'SELECT content_type FROM attachments WHERE ticket_id = ? AND sha256 = ?').get(
      ticketId,
      sha256,
    ) as { content_type: string } | undefined;
    if (listed) return listed.content_type;
    const row = prepared(db, 'SELECT server_json FROM ticket_documents WHERE id = ?').get(ticketId) as
      { server_json: string } | undefined;
    const file = row && (JSON.parse(row.server_json) as Ticket).attachments.find((a) => a.sha256 === sha256);
    if (!file) return undefined;
    listAttachment(ticketId, file);
    return file.contentType;
  }

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },

    /** Stops the loop after one last attempt to deliver what is due (bounded by the API client's timeout). */
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      wake();
      await loop;
      stopped = false;
      try {
        await push();
      } finally {
        stopped = true;
        await checkpointsStopped;
      }
    },

    syncNow(): SyncStatus {
      wake();
      return status;
    },

    status: (): SyncStatus => ({ ...status, ...outbox.counts(operatorId()) }),

    /** Lets the loop run now, e.g. after a decision was recorded or the session changed. */
    nudge(): void {
      wake();
    },

    /** Always tried, whatever the status says: the operator asked, and an answer proves the network is back. */
    async claim(ticketId: string) {
      const lease = await api.claim(ticketId);
      if (!lease.ok) failureToContract(lease.failure);
      if (!held.has(ticketId)) held.set(ticketId, now().getTime());
      if (!status.online) wake();
      const ticket = await api.ticket(ticketId);
      if (ticket.ok) {
        projection.upsert(ticket.value);
        for (const file of ticket.value.attachments) listAttachment(ticketId, file);
        options.onTicketsChanged([ticketId]);
        // Prefetch so the documents open at once, and stay readable if the network goes.
        void Promise.all(
          ticket.value.attachments
            .filter((f) => !attachments.has(f.sha256))
            .map((f) => fetchAttachment(ticketId, f.sha256)),
        ).catch((error: unknown) =>
          log.warn('attachment prefetch failed', { ticketId, reason: (error as Error).message }),
        );
      }
      return lease.value;
    },

    async release(ticketId: string): Promise<boolean> {
      const released = await api.release(ticketId);
      if (!released.ok) failureToContract(released.failure);
      held.delete(ticketId);
      const ticket = await api.ticket(ticketId);
      if (ticket.ok) projection.upsert(ticket.value);
      options.onTicketsChanged([ticketId]);
      return true;
    },

    /** The attachment's bytes: from the encrypted store when present, else downloaded and verified. */
    async attachment(ticketId: string, sha256: string): Promise<{ contentType: string; data: Uint8Array }> {
      const known = contentTypeOf(ticketId, sha256);
      if (!known) throw new ContractFailure('NOT_FOUND', `Ticket ${ticketId} has no attachment ${sha256}`);
      try {
        const stored = await attachments.get(sha256);
        if (stored) return { contentType: known, data: stored };
      } catch (error) {
        log.warn('stored attachment failed its integrity check; downloading again', {
          ticketId,
          code: (error as { code?: string }).code,
        });
      }
      return { contentType: known, data: await fetchAttachment(ticketId, sha256) };
    },
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
